package io.easgd.backend.lab.net;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's network, built with {@code ip} and {@code tc} and removed again by {@link #close}:
 * <pre>
 *   backend (this namespace)          easgdlab-&lt;pid&gt;-sw               easgdlab-&lt;pid&gt;-a&lt;i&gt;
 *   el&lt;pid&gt;-srv 10.213.0.1 ══veth══ srv ─┐                            
 *                                        br0 (bridge) ─ a&lt;i&gt; ══veth══ eth0 10.213.0.(10+i)
 * </pre>
 * Every machine has one link to the switch: the server's (shared by all agents, as a parameter
 * server's network card is) and one per agent. Each link is shaped to the rate in both directions
 * with a token bucket ({@code tbf}) on the egress of each end. The delay, when asked for and when the
 * kernel has {@code netem}, is added to each direction of each agent's link, so it is the one-way delay
 * between an agent and the server and an agent's round trip grows by twice the delay. Only addresses of {@link Subnet} are configured, the agents' namespaces have no
 * route out of it, and every name carries this process's id so that a lab left behind by a killed
 * backend is recognised and removed ({@link #removeStale}).
 */
public final class NetLab implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetLab.class);
    static final String PREFIX = "easgdlab-";
    private static final Pattern OURS = Pattern.compile(PREFIX + "(\\d+)-(sw|a\\d+)");

    /** One agent's machine: its namespace and address. */
    public record Host(int index, String namespace, String address) {
    }

    private final Commands sh;
    private final LinkSpec link;
    private final Subnet subnet;
    private final long pid;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Host> hosts = new ArrayList<>();
    private String delayNote = "";
    private boolean closed;

    private NetLab(Commands sh, LinkSpec link, Subnet subnet, long pid) {
        this.sh = sh;
        this.link = link;
        this.subnet = subnet;
        this.pid = pid;
    }

    /**
     * Builds the switch, the server's link and {@code agents} agent machines. On any failure what was
     * built so far is removed and a {@link LabException} says which command failed and why.
     */
    public static NetLab create(Commands sh, LinkSpec link, Subnet subnet, int agents) {
        checkAvailable(sh);
        return assemble(sh, link, subnet, agents, ProcessHandle.current().pid());
    }

    /** {@link #create} once the machine is known to allow it; {@code pid} names the lab. */
    static NetLab assemble(Commands sh, LinkSpec link, Subnet subnet, int agents, long pid) {
        removeStale(sh);
        checkFree(sh, subnet);
        NetLab lab = new NetLab(sh, link, subnet, pid);
        try {
            lab.build(agents);
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /**
     * The lab that backend process {@code ownerPid} built for {@code agents} agents, if all of it is still
     * there (its namespaces and the server's link with the subnet's server address): taken over as it is,
     * so that agents running in it go on. Null when anything is missing.
     */
    static NetLab adopt(Commands sh, LinkSpec link, Subnet subnet, int agents, long ownerPid) {
        NetLab lab = new NetLab(sh, link, subnet, ownerPid);
        java.util.Set<String> present = new java.util.HashSet<>();
        for (String line : sh.tryRun("ip", "netns", "list").output().split("\n")) {
            present.add(line.strip().split("\\s+")[0]);
        }
        List<String> wanted = new ArrayList<>();
        wanted.add(PREFIX + ownerPid + "-sw");
        for (int i = 1; i <= agents; i++) {
            wanted.add(PREFIX + ownerPid + "-a" + i);
        }
        if (!present.containsAll(wanted)
                || !sh.tryRun("ip", "-o", "-4", "addr", "show", "dev", lab.serverNic()).output().contains(subnet.server() + "/")) {
            return null;
        }
        lab.namespaces.addAll(wanted);
        for (int i = 1; i <= agents; i++) {
            lab.hosts.add(new Host(i, wanted.get(i), subnet.agent(i)));
        }
        return lab;
    }

    /** The backend process whose id names this lab's namespaces (the one that built it). */
    long ownerPid() {
        return pid;
    }

    private void build(int agents) {
        String sw = addNamespace("sw");
        sh.run("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
        sh.run("ip", "-n", sw, "link", "set", "br0", "up");
        String serverNic = serverNic();
        sh.run("ip", "link", "add", serverNic, "type", "veth", "peer", "name", "srv", "netns", sw);
        sh.run("ip", "addr", "add", subnet.withPrefix(subnet.server()), "dev", serverNic);
        sh.run("ip", "link", "set", serverNic, "up");
        sh.run("ip", "-n", sw, "link", "set", "srv", "master", "br0", "up");
        shape(null, serverNic, false);                       // the server's uploads
        shape(sw, "srv", false);                             // the server's downloads
        boolean netem = true;
        for (int i = 1; i <= agents; i++) {
            String ns = addNamespace("a" + i);
            String port = "a" + i;
            sh.run("ip", "-n", sw, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
            sh.run("ip", "-n", sw, "link", "set", port, "master", "br0", "up");
            sh.run("ip", "-n", ns, "addr", "add", subnet.withPrefix(subnet.agent(i)), "dev", "eth0");
            sh.run("ip", "-n", ns, "link", "set", "eth0", "up");
            netem &= shape(ns, "eth0", true);                // agent i's uploads
            netem &= shape(sw, port, true);                  // agent i's downloads
            hosts.add(new Host(i, ns, subnet.agent(i)));
        }
        if (!link.delay().isZero() && !netem) {
            delayNote = "the delay " + link.tcDelay() + " is not applied: this kernel has no netem queueing discipline "
                    + "(sch_netem); the links are shaped to " + link + " without it";
            log.warn(delayNote);
        }
    }

    /**
     * Shapes the egress of {@code dev} (in namespace {@code ns}, or this one when null) to the link's rate,
     * and adds its delay behind the bucket when {@code delayed} and netem exists. Returns whether the
     * delay, if any was asked for here, is in place.
     */
    private boolean shape(String ns, String dev, boolean delayed) {
        List<String> tbf = new ArrayList<>(ns == null ? List.of("tc") : List.of("tc", "-n", ns));
        tbf.addAll(List.of("qdisc", "add", "dev", dev, "root", "handle", "1:", "tbf", "rate", link.tcRate(),
                "burst", String.valueOf(link.burstBytes()), "latency", "100ms"));
        sh.run(tbf.toArray(String[]::new));
        if (!delayed || link.delay().isZero()) {
            return true;
        }
        List<String> netem = new ArrayList<>(ns == null ? List.of("tc") : List.of("tc", "-n", ns));
        netem.addAll(List.of("qdisc", "add", "dev", dev, "parent", "1:1", "handle", "10:", "netem", "delay",
                link.tcDelay(), "limit", "100000"));
        return sh.tryRun(netem.toArray(String[]::new)).ok();
    }

    private String addNamespace(String role) {
        String ns = PREFIX + pid + "-" + role;
        sh.run("ip", "netns", "add", ns);
        namespaces.add(ns);
        sh.run("ip", "-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    private String serverNic() {
        return "el" + pid + "-srv";                          // at most 15 characters for a 7-digit pid
    }

    public List<Host> hosts() {
        return List.copyOf(hosts);
    }

    public String serverAddress() {
        return subnet.server();
    }

    public LinkSpec link() {
        return link;
    }

    public Subnet subnet() {
        return subnet;
    }

    /** Empty, or why the delay asked for is not applied. */
    public String delayNote() {
        return delayNote;
    }

    /**
     * Pulls (false) or plugs back (true) the cable of {@code host} at the switch: its port on the bridge
     * goes down, so every packet to and from the agent is lost while its own interface and connections
     * stay as they are (TCP retransmits once the port is up again).
     */
    public void setConnected(Host host, boolean connected) {
        sh.run("ip", "-n", switchNamespace(), "link", "set", "a" + host.index(), connected ? "up" : "down");
    }

    /** Shapes both directions of {@code host}'s link to {@code rate} (its delay, if any, stays); {@link #link} restores it. */
    public void setRate(Host host, LinkSpec rate) {
        for (String[] where : new String[][] {{host.namespace(), "eth0"}, {switchNamespace(), "a" + host.index()}}) {
            sh.run("tc", "-n", where[0], "qdisc", "change", "dev", where[1], "root", "handle", "1:", "tbf", "rate",
                    rate.tcRate(), "burst", String.valueOf(rate.burstBytes()), "latency", "100ms");
        }
    }

    private String switchNamespace() {
        return PREFIX + pid + "-sw";
    }

    /** The command line that runs {@code cmd} on agent machine {@code host}. */
    public List<String> onHost(Host host, List<String> cmd) {
        return Commands.inNamespace(host.namespace(), cmd);
    }

    /**
     * Kills (SIGKILL) every process still running in one of this lab's namespaces: the last resort of a
     * shutdown that did not end (removing a namespace does not end the processes in it).
     */
    void killProcesses() {
        for (String ns : List.copyOf(namespaces)) {
            for (String pid : sh.tryRun("ip", "netns", "pids", ns).output().strip().split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    /**
     * Removes every namespace (and with them every link and queueing discipline) this lab made. It runs
     * to its end even on an interrupted thread (a shutdown may interrupt the thread that closes the
     * context), and keeps the interrupt for the caller.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = Thread.interrupted();
        try {
            List<String> failed = new ArrayList<>();
            List<String> newestFirst = new ArrayList<>(namespaces);
            java.util.Collections.reverse(newestFirst);
            for (String ns : newestFirst) {
                Commands.Result r = sh.tryRun("ip", "netns", "del", ns);
                if (!r.ok()) {
                    failed.add(ns + ": " + r.output().strip());
                }
            }
            sh.tryRun("ip", "link", "del", serverNic());     // already gone with its peer; a no-op then
            if (failed.isEmpty()) {
                log.info("bandwidth-limited lab removed ({} namespaces)", namespaces.size());
            } else {
                log.error("bandwidth-limited lab: could not remove {}", failed);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Fails with a clear message when this process cannot make namespaces (not root, no iproute2). */
    static void checkAvailable(Commands sh) {
        Commands.Result ip = sh.tryRun("ip", "netns", "list");
        if (!ip.ok()) {
            throw new LabException("the bandwidth-limited lab (easgd.lab.link) needs iproute2's ip and tc: "
                    + ip.output().strip());
        }
        Commands.Result tc = sh.tryRun("tc", "-V");
        if (!tc.ok()) {
            throw new LabException("the bandwidth-limited lab (easgd.lab.link) needs iproute2's tc: " + tc.output().strip());
        }
        if (!"root".equals(System.getProperty("user.name")) && !ProcessHandle.current().info().user()
                .map("root"::equals).orElse(false)) {
            throw new LabException("the bandwidth-limited lab (easgd.lab.link) makes network namespaces and needs root "
                    + "(running as " + System.getProperty("user.name") + ")");
        }
    }

    /** Refuses a subnet that a route of this machine already covers or that covers one. */
    static void checkFree(Commands sh, Subnet subnet) {
        for (String line : sh.run("ip", "-o", "-4", "route", "show", "table", "all").split("\n")) {
            String dest = line.strip().split("\\s+")[0];
            if (!dest.isEmpty() && Character.isDigit(dest.charAt(0)) && subnet.overlaps(dest)) {
                throw new LabException("easgd.lab.subnet " + subnet + " overlaps this machine's route '" + line.strip()
                        + "'; choose another subnet (EASGD_LAB_SUBNET), or another lab may be running");
            }
        }
    }

    /** Removes the namespaces of labs whose backend is gone (killed before it could tear its lab down). */
    static void removeStale(Commands sh) {
        for (String line : sh.run("ip", "netns", "list").split("\n")) {
            Matcher m = OURS.matcher(line.strip().split("\\s+")[0]);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                log.warn("removing network namespace {} left behind by backend process {}, which is gone", m.group(),
                        m.group(1));
                sh.tryRun("ip", "netns", "del", m.group());
            }
        }
    }
}
