package store

import (
	"database/sql"
	"fmt"
	"net/url"
	"runtime"

	_ "modernc.org/sqlite" // pure Go, so agentlog builds with CGO_ENABLED=0
)

// openSQLite opens a SQLite file with one writer connection and a pool of
// readers. WAL lets readers run while the writer writes; synchronous=FULL
// makes every acknowledged commit survive a power cut, which agentlog
// promises.
func openSQLite(path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("the database path is empty")
	}
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=temp_store(memory)"
	base := "file:" + url.PathEscape(path) + "?" + pragmas
	// The writer keeps the indexes it updates in a larger page cache (32 MiB);
	// readers share the operating system's.
	write, err := sql.Open("sqlite", base+"&_pragma=cache_size(-32768)")
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	read, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, err
	}
	readers := max(4, runtime.NumCPU())
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	return &DB{dialect: sqliteDialect, write: write, read: newReadPool(read, true)}, nil
}
