package store

import (
	"database/sql"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// openPostgres opens a pool of connections to a PostgreSQL server. Reads and
// writes share it: the server, not agentlog, serialises writers.
func openPostgres(url string) (*DB, error) {
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(20)
	return &DB{dialect: postgresDialect, write: pool, read: newReadPool(pool, false), dsn: url}, nil
}
