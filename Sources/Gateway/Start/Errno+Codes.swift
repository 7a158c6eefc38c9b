#if canImport(Glibc)
import Glibc
#endif

/// errno values the decision names (re-exported so pure code reads them without importing Glibc).
let EADDRINUSE_CODE: Int32 = EADDRINUSE
let EADDRNOTAVAIL_CODE: Int32 = EADDRNOTAVAIL
let EACCES_CODE: Int32 = EACCES
