#!/bin/sh
set -e
nft flush chain ip lb prerouting
nft add rule ip lb prerouting ip daddr 10.96.0.10 tcp dport 80 dnat to numgen inc mod 4 map '{ 0-2 : 10.0.2.11, 3 : 10.0.2.12 }'
