# Detach the program from the exec's output so it outlives this shell, then wait for its device.
nohup udp-tun flannel0 8285 10.5.1.0/24=172.20.0.2 >/tmp/udp-tun.log 2>&1 &
for i in 1 2 3 4 5 6 7 8 9 10; do ip link show flannel0 >/dev/null 2>&1 && break; sleep 0.3; done
ip addr add 10.5.2.1/16 dev flannel0
ip link set flannel0 up
