# syntax=docker/dockerfile:1
# agentlog as a container: a static binary on a distroless base, running as
# a non-root user, its SQLite database in a volume.
#
#   docker build --build-arg VERSION=$(git describe --tags --always --dirty) -t agentlog .
#   docker run -p 8080:8080 -v agentlog-data:/var/lib/agentlog agentlog serve --demo
#
# The binary is built by .ci/build, the script CI checks: the same flags,
# and the same bytes for the same source, version and Go release.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=
RUN VERSION="$VERSION" .ci/build /out/agentlog \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/agentlog /usr/local/bin/agentlog
# The volume's directory belongs to the image's non-root user (65532).
COPY --from=build --chown=65532:65532 /out/data /var/lib/agentlog
USER 65532:65532
WORKDIR /var/lib/agentlog
ENV AGENTLOG_ADDR=0.0.0.0:8080 \
    AGENTLOG_DB=/var/lib/agentlog/agentlog.db \
    AGENTLOG_LOG_FORMAT=json
VOLUME ["/var/lib/agentlog"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["/usr/local/bin/agentlog", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/agentlog"]
CMD ["serve"]
