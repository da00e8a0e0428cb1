#!/bin/sh
# IPVS only balances packets addressed to the machine itself (it hooks LOCAL_IN), so the service address
# sits on lo here, as kube-proxy's IPVS mode puts every ClusterIP on its kube-ipvs0 dummy interface.
set -e
ipvsadm -C
ip addr replace 10.96.0.10/32 dev lo
cat > /etc/motd <<'MOTD'
Lab: IPVS. You are the balancer lb: eth0 10.0.1.10 (clients), eth1 10.0.2.10 (servers), 10.96.0.10 on lo.
Real servers: web1 10.0.2.11, web2 10.0.2.12, port 80. List the table: ipvsadm -Ln --stats
MOTD
