# bpgraph in a container: built in a Rust image, run from a small distroless one as a
# non-root user. The seed is embedded in the binary; mount a directory and set
# BPGRAPH_DATA=/data to serve (and hot-reload) other data.
#
#   docker build -t bpgraph .
#   docker run -p 8080:8080 bpgraph

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY crates crates
COPY seed seed
COPY assets assets
RUN cargo build --release --locked --package bpgraph --bin bpgraph \
 && cp target/release/bpgraph /bpgraph

# glibc and libgcc, nothing else; `nonroot` is uid 65532.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /bpgraph /usr/local/bin/bpgraph
USER nonroot
# Set BPGRAPH_BASE_IRI to the public URL clients reach: IRIs are built under it (without it,
# the server warns that http://0.0.0.0:8080/ reaches no one).
ENV BPGRAPH_BIND=0.0.0.0:8080 \
    BPGRAPH_LOG_JSON=true
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["/usr/local/bin/bpgraph", "probe"]
ENTRYPOINT ["/usr/local/bin/bpgraph"]
CMD ["serve"]
