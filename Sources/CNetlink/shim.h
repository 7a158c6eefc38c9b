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
#endif
