/// The version written into every result, so a summary says which code produced it.
public enum KnsimVersion {
    public static let current = "0.1.0"
}
