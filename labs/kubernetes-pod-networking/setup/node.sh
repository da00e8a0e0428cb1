#!/bin/sh
set -e
case "$(hostname)" in
  node1) cidr=10.244.1.0/24 ;;
  node2) cidr=10.244.2.0/24 ;;
  *) echo "setup: unexpected node $(hostname)" >&2; exit 1 ;;
esac
cat > /etc/motd <<MOTD
Lab: Kubernetes pod networking by hand.
Underlay: node1 172.20.0.2, node2 172.20.0.3 (eth0). This node's pod CIDR: $cidr.
Tool: cni-bridge-add POD ADDRESS/PREFIX GATEWAY (what the CNI bridge plugin does).
MOTD
