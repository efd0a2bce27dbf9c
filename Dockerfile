# Build stage: the Swift toolchain and libpq headers.
FROM swift:6.0-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product clinic-server --static-swift-stdlib \
    && cp "$(swift build -c release --show-bin-path)/clinic-server" /clinic-server

# Runtime stage: the binary, libpq, libcurl (URLSession's transport, for notices to the gateway), the migrations and
# the default notice templates to copy and edit (CLINIC_NOTICE_TEMPLATES); no compiler.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 libcurl4 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* && useradd --system --create-home clinic
COPY --from=build /clinic-server /usr/local/bin/clinic-server
COPY migrations /opt/clinic/migrations
COPY templates /opt/clinic/templates
ENV CLINIC_MIGRATIONS_DIR=/opt/clinic/migrations HOST=0.0.0.0 PORT=8080
USER clinic
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/clinic-server"]
CMD ["serve"]
