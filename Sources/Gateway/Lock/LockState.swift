/// What the lock file says about a port, read without disturbing it.
public enum LockState: Sendable, Equatable {
    /// No lock file: no gateway has used this port under these paths.
    case absent
    /// The file exists but nobody holds the lock; the last metadata written, if any.
    case free(metadata: InstanceMetadata?)
    /// A live process holds the lock; its metadata when readable.
    case held(metadata: InstanceMetadata?)
}
