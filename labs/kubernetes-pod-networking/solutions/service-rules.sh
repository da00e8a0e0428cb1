# kube-proxy (iptables mode) writes the same rules on every node: Service -> KUBE-SVC chain, which
# picks one KUBE-SEP (endpoint) chain at random, which DNATs to the pod.
iptables -t nat -N KUBE-SERVICES
iptables -t nat -A PREROUTING -j KUBE-SERVICES
iptables -t nat -A OUTPUT -j KUBE-SERVICES
iptables -t nat -N KUBE-SVC-WEB
iptables -t nat -N KUBE-SEP-POD-B
iptables -t nat -N KUBE-SEP-POD-C
iptables -t nat -A KUBE-SERVICES -d 10.96.0.10/32 -p tcp --dport 80 -j KUBE-SVC-WEB
iptables -t nat -A KUBE-SVC-WEB -m statistic --mode random --probability 0.5 -j KUBE-SEP-POD-B
iptables -t nat -A KUBE-SVC-WEB -j KUBE-SEP-POD-C
iptables -t nat -A KUBE-SEP-POD-B -p tcp -j DNAT --to-destination 10.244.2.2:8080
iptables -t nat -A KUBE-SEP-POD-C -p tcp -j DNAT --to-destination 10.244.1.3:8080
