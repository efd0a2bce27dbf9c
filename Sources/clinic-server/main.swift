import Clinic

#if canImport(Glibc)
    import Glibc
#endif

exit(await ClinicServerMain.run(Array(CommandLine.arguments.dropFirst())))
