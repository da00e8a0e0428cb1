ip tuntap add tun0 mode tun
ip addr add 10.8.0.1/24 dev tun0
ip link set tun0 up
