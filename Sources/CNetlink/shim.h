// Umbrella header for libnl-3 / libnl-route-3, the only C surface NetProbe uses.
// The include path (/usr/include/libnl3) comes from pkg-config `libnl-route-3.0`.
#ifndef OPENCLAW_CNETLINK_SHIM_H
#define OPENCLAW_CNETLINK_SHIM_H
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/socket.h>
#include <netlink/cache.h>
#include <netlink/route/rtnl.h>
#include <netlink/route/link.h>
#include <netlink/route/addr.h>
#include <netlink/route/route.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/rule.h>
#include <netlink/route/neighbour.h>
#include <linux/rtnetlink.h>
#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/neighbour.h>

/* GNU-only calls that Swift's Glibc module does not export (it is built without _GNU_SOURCE).
   Declared here (same prototypes as glibc) and reached through wrappers with their own names. */
#include <sched.h>
#include <unistd.h>
int setns(int __fd, int __nstype);
int pipe2(int __pipedes[2], int __flags);
/* setns(2): moves the calling thread into the namespace open at fd. */
static inline int cnetlink_setns(int fd, int nstype) { return setns(fd, nstype); }
/* pipe2(2): a pipe whose ends are created with flags (O_CLOEXEC). */
static inline int cnetlink_pipe2(int fds[2], int flags) { return pipe2(fds, flags); }
#endif
