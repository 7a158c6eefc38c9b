#ifndef OPENCLAW_CSYSTEMSHIM_H
#define OPENCLAW_CSYSTEMSHIM_H

/// openat2(2) with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS, through syscall(2) (glibc 2.36 has no wrapper).
/// `flags` are open(2) flags; returns the descriptor, or -1 with errno set (ENOSYS: the kernel is older than 5.6,
/// or a seccomp filter hides the call; EXDEV: the path leaves `dirfd`; ELOOP: a magic link).
int openclaw_openat2_beneath(int dirfd, const char *path, int flags);

/// Overwrites, in this process's original argument area (the bytes /proc/self/cmdline shows), the value of every
/// argument `option VALUE` and `option=VALUE` with 'x' bytes of the same length. The argument vector is the one
/// glibc passed to this library's constructor. Returns the number of values overwritten; 0 when the vector was not
/// captured. Never changes the length of any argument.
int openclaw_wipe_option_value(const char *option);

/// Drops this process's page-table entries for the main program's read-only `PT_LOAD` segments (its code, the Swift
/// metadata and the unwind tables: never written, so every page is the file's page) with madvise(MADV_DONTNEED).
/// The page cache keeps the pages; the next use of one maps it again (a minor fault). Writable segments are never
/// touched, and nothing is when the program has text relocations. Returns the bytes advised, or -errno (EPERM:
/// text relocations; else the failed madvise(2)'s). What it is for and what it changes in
/// the RSS figures: docs/performance.md, "Idle RSS".
long long openclaw_release_program_text_pages(void);

#endif
