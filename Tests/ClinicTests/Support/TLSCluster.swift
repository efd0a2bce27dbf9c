import Foundation

@testable import Clinic

/// A private cluster that listens on 127.0.0.1 with TLS on (a self-signed certificate made by `openssl`, which
/// Debian's postgresql package brings), for what only an encrypted connection shows.
struct TLSCluster: Sendable {
    let root: URL
    let cluster: LocalCluster

    static func start() async throws -> TLSCluster {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("clinic-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let cluster = try LocalCluster(root: root, port: try freeTCPPort())
        try await blocking {
            try cluster.initializeIfNeeded(durable: false, maxConnections: 20)
            let certificate = cluster.dataDirectory.appendingPathComponent("server.crt")
            let key = cluster.dataDirectory.appendingPathComponent("server.key")
            let made = try runProcess(
                "/usr/bin/openssl",
                [
                    "req", "-new", "-x509", "-days", "1", "-nodes", "-subj", "/CN=127.0.0.1", "-newkey", "rsa:2048",
                    "-keyout", key.path, "-out", certificate.path,
                ])
            guard made.status == 0 else { throw ClusterError("openssl req failed: \(made.text)") }
            chmod(key.path, 0o600)
            try cluster.handToServerUser(certificate, recursive: false)
            try cluster.handToServerUser(key, recursive: false)
            // After initdb's lines, so these win.
            try cluster.appendSettings(
                "listen_addresses = '127.0.0.1'\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'",
                to: "postgresql.conf")
            try cluster.start()
        }
        return TLSCluster(root: root, cluster: cluster)
    }

    /// Over TCP, TLS required (initdb's pg_hba.conf trusts 127.0.0.1).
    func url(database: String) -> String {
        "postgresql://\(cluster.user)@127.0.0.1:\(cluster.port)/\(database)?sslmode=require"
    }

    /// Stops the cluster (as a crash would) and deletes it.
    func remove() async {
        _ = try? await blocking {
            try? cluster.stop(mode: "immediate")
            try? FileManager.default.removeItem(at: root)
        }
    }

    /// A TCP port nothing listens on now: the kernel's pick for a socket bound to port 0.
    private static func freeTCPPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClusterError("socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw ClusterError("bind failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
