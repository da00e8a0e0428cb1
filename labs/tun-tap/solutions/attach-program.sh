# In the background, detached from this shell, with its output in a log: the program must outlive the step.
setsid tunpong tun0 >/tmp/tunpong-tun0.log 2>&1 </dev/null &
# Wait until it has the device open (carrier goes to 1).
for i in 1 2 3 4 5 6 7 8 9 10; do
  [ "$(cat /sys/class/net/tun0/carrier 2>/dev/null)" = 1 ] && exit 0
  sleep 0.3
done
cat /tmp/tunpong-tun0.log >&2
exit 1
