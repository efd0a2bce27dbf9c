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
        // Header-only: epoll and eventfd for the HTTP server's event loops.
        .systemLibrary(name: "CEpoll"),
        .target(
            name: "Clinic",
            dependencies: ["CLibPQ", "CEpoll"]
        ),
        .executableTarget(name: "clinic-server", dependencies: ["Clinic"]),
        .testTarget(name: "ClinicTests", dependencies: ["Clinic"]),
    ],
    swiftLanguageModes: [.v6]
)
