public enum ClinicVersion { public static let string = "0.1.0" }
