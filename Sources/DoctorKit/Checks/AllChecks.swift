/// Every doctor check, in report order: environment first, then network, gateway, supervisor.
public enum DoctorChecks {
    public static let all: [DoctorCheck] = [
        ClassificationCheck.check,
        RequestedModeCheck.check,
        ConfigKeysCheck.check,
        LoopbackCheck.check,
        LoopbackRoutingCheck.check,
        PortCheck.check,
        ProbeCheck.check,
        ReachCheck.check,
        LockCheck.check,
        StateCheck.check,
        CommandLineCheck.check,
        PlanCheck.check,
        BindCheck.check,
        SupervisorCheck.check,
        JournalCheck.check,
        WindowsInteropCheck.check,
        WindowsPortHolderCheck.check,
        WindowsExcludedPortCheck.check,
        WindowsDynamicRangeCheck.check,
        WindowsAdaptersCheck.check,
        WslVersionCheck.check,
    ]
}
