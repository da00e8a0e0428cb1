ip tuntap add tap0 mode tap
ip addr add 10.9.0.1/24 dev tap0
ip link set tap0 up
setsid tunpong --tap tap0 >/tmp/tunpong-tap0.log 2>&1 </dev/null &
for i in 1 2 3 4 5 6 7 8 9 10; do
  [ "$(cat /sys/class/net/tap0/carrier 2>/dev/null)" = 1 ] && break
  sleep 0.3
done
ping -c2 -W1 10.9.0.2
