#!/bin/sh
# IPVS balances only packets addressed to the machine itself (it hooks LOCAL_IN): the service address
# sits on lo.
set -e
ipvsadm -C
ip addr replace 10.96.0.10/32 dev lo
cat > /etc/motd <<'MOTD'
Lab: Maglev. You are the balancer lb: eth0 10.0.1.10 (clients), eth1 10.0.2.10 (servers), 10.96.0.10 on lo.
Backends: web1 10.0.2.11, web2 10.0.2.12, web3 10.0.2.13, port 80.
Check a table built by hand:  maglev-table -m 13 --steps web1 web2 web3
MOTD
