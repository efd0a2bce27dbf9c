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
        .target(
            name: "Clinic",
            dependencies: ["CLibPQ"]
        ),
        .executableTarget(name: "clinic-server", dependencies: ["Clinic"]),
        .testTarget(name: "ClinicTests", dependencies: ["Clinic"]),
    ],
    swiftLanguageModes: [.v6]
)
