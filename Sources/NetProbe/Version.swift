public enum NetProbeVersion { public static let string = "0.1.0" }
