#!/bin/sh
set -e
nft -f - <<'NFT'
table ip lb {
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    ip daddr 10.96.0.10 tcp dport 80 dnat to numgen inc mod 2 map { 0 : 10.0.2.11, 1 : 10.0.2.12 }
  }
}
NFT
