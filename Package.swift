// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "wenda",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "wenda", targets: ["wenda"]),
        .library(name: "WendaKit", targets: ["WendaKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CEditLine",
            path: "Sources/CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .systemLibrary(
            name: "CStemmer",
            path: "Sources/CStemmer",
            providers: [.apt(["libstemmer-dev"])]
        ),
        .systemLibrary(
            name: "CGumbo",
            path: "Sources/CGumbo",
            pkgConfig: "gumbo",
            providers: [.apt(["libgumbo-dev"])]
        ),
        .systemLibrary(
            name: "CZstd",
            path: "Sources/CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        // Xapian through a plain C interface (an extern "C" shim compiled as C++): only
        // this target knows C++.
        .target(
            name: "CXapian",
            path: "Sources/CXapian",
            linkerSettings: [.linkedLibrary("xapian")]
        ),
        .target(
            name: "WendaKit",
            dependencies: ["CStemmer", "CGumbo", "CZstd", "CXapian", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Sources/WendaKit",
            exclude: ["README.md"],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "wenda",
            dependencies: [
                "WendaKit",
                "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/wenda"
        ),
        .testTarget(
            name: "WendaKitTests",
            dependencies: ["WendaKit"],
            path: "Tests/WendaKitTests",
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "wendaTests",
            dependencies: ["WendaKit", "wenda"],
            path: "Tests/wendaTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
