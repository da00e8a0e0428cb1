# The web server must outlive this shell: detach it from the exec's output.
nohup ip netns exec c2 python3 -m http.server 80 --bind 0.0.0.0 >/tmp/http.log 2>&1 &
iptables -t nat -A PREROUTING -p tcp -d 172.30.0.2 --dport 8080 -j DNAT --to-destination 172.18.0.3:80
for i in 1 2 3 4 5 6 7 8 9 10; do ip netns exec c2 sh -c 'ss -Hltn "sport = :80"' | grep -q . && exit 0; sleep 0.3; done
cat /tmp/http.log
exit 1
