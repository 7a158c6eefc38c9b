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

#endif
