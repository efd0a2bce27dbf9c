// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "clinic",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "clinic-server", targets: ["clinic-server"]),
        .library(name: "Clinic", targets: ["Clinic"]),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // Header-only: epoll and eventfd, for the HTTP server's event loops and the database sockets.
        .systemLibrary(name: "CEpoll"),
        // Each target imports only the ones listed under it; a wrong-way import does not compile.
        // Locks, logging, SHA-256, JSON and UUID text: Foundation only.
        .target(name: "ClinicSupport"),
        // Sockets, event loops, parser, router, metrics: knows nothing of the clinic.
        .target(name: "ClinicHTTP", dependencies: ["ClinicSupport", "CEpoll"]),
        // libpq connections, pool, queries, rows, migrator: knows nothing of the clinic.
        .target(name: "ClinicPostgres", dependencies: ["ClinicSupport", "CLibPQ", "CEpoll"]),
        // The clinic's values and rules: Foundation only.
        .target(name: "ClinicDomain"),
        // Stores, API, exports, security, jobs, seed and the app, on top of the four above.
        .target(
            name: "Clinic",
            dependencies: ["ClinicSupport", "ClinicHTTP", "ClinicPostgres", "ClinicDomain"]
        ),
        .executableTarget(name: "clinic-server", dependencies: ["Clinic"]),
        .testTarget(name: "ClinicSupportTests", dependencies: ["ClinicSupport"]),
        .testTarget(name: "ClinicHTTPTests", dependencies: ["ClinicHTTP", "ClinicSupport"]),
        .testTarget(name: "ClinicPostgresTests", dependencies: ["ClinicPostgres", "ClinicSupport"]),
        .testTarget(name: "ClinicDomainTests", dependencies: ["ClinicDomain"]),
        .testTarget(
            name: "ClinicTests",
            dependencies: ["Clinic", "ClinicSupport", "ClinicHTTP", "ClinicPostgres", "ClinicDomain"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
