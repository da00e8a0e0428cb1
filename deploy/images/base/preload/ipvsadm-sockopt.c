/*
 * Makes ipvsadm configure IPVS through its socket options instead of generic netlink (the /usr/local/sbin/ipvsadm
 * wrapper preloads this library for ipvsadm alone).
 *
 * Why: a lab node is an unprivileged, user-namespaced container. The kernel's IPVS generic-netlink commands are
 * GENL_ADMIN_PERM, which asks for CAP_NET_ADMIN in the *initial* user namespace, so every one of them fails there
 * with EPERM. The older socket-option interface (getsockopt/setsockopt IP_VS_SO_* on a raw IPv4 socket, in
 * net/netfilter/ipvs/ip_vs_ctl.c) checks CAP_NET_ADMIN in the user namespace that owns the socket's network
 * namespace, which root in the node has. libipvs (ipvsadm's library) uses netlink whenever it can open a generic
 * netlink socket and resolve the IPVS family, and falls back to the socket options only when that fails; it has no
 * switch to choose. So this refuses generic netlink sockets, as a kernel without them would, and passes every other
 * socket through unchanged. It grants nothing: any program in the node may use the socket options directly.
 * The socket-option interface is IPv4 only and lacks the newest service options (tunnel types), which the labs
 * do not use.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

int socket(int domain, int type, int protocol)
{
	if (domain == AF_NETLINK && protocol == NETLINK_GENERIC) {
		errno = EPROTONOSUPPORT;
		return -1;
	}
	return (int)syscall(SYS_socket, domain, type, protocol);
}
