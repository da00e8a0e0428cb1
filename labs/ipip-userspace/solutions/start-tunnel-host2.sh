# Detach the program from the exec's output so it outlives this shell, then wait for its device.
nohup ipip-tun tun0 172.20.0.2 >/tmp/ipip-tun.log 2>&1 &
for i in 1 2 3 4 5 6 7 8 9 10; do ip link show tun0 >/dev/null 2>&1 && exit 0; sleep 0.3; done
cat /tmp/ipip-tun.log
exit 1
