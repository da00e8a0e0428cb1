ip -n c1 route add default via 172.18.0.1
ip -n c2 route add default via 172.18.0.1
iptables -t nat -A POSTROUTING -s 172.18.0.0/16 ! -o br0 -j MASQUERADE
