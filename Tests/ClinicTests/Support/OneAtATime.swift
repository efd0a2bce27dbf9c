import Testing

/// The suites that start PostgreSQL clusters of their own (a restore drill, a primary and its standby under
/// writes) or pace a client against the server's clock (the write timeout): one test at a time among them, so a
/// drill's load never starves a pacing test of CPU on a 2-core machine. The rest of the suite runs beside them.
@Suite(.serialized) enum OneAtATime {}
