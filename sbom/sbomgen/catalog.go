package sbomgen

import "strings"

// org is a supplier as it appears in SBOMs: a legal name, a web site, a
// contact address and a country.
type org struct {
	name    string
	url     string
	email   string
	contact string
	country string
	// purl is the type/namespace this organisation publishes under, for
	// the generic packages it ships ("generic/acme").
	purl string
	// cpe is the CPE vendor string ("" = none).
	cpe string
}

// Suppliers of the ordinary (not listed) parts of a base-station load.
// Real open-source organisations plus fictional RAN vendors; "Aztec
// Networks" is there on purpose: a substring match on "ZTE" would flag it.
var (
	orgAcme     = org{VendorName, "https://www." + VendorDomain, "psirt@" + VendorDomain, "Acme Product Security", "SE", "generic/acme", "acme"}
	orgDebian   = org{"Debian Project", "https://www.debian.org", "debian-security@lists.debian.org", "Debian Security Team", "", "deb/debian", "debian"}
	orgIntel    = org{"Intel Corporation", "https://www.intel.com", "secure@intel.com", "Intel PSIRT", "US", "generic/intel", "intel"}
	orgNXP      = org{"NXP Semiconductors N.V.", "https://www.nxp.com", "psirt@nxp.com", "NXP PSIRT", "NL", "generic/nxp", "nxp"}
	orgMarvell  = org{"Marvell Technology, Inc.", "https://www.marvell.com", "psirt@marvell.com", "Marvell PSIRT", "US", "generic/marvell", "marvell"}
	orgAMD      = org{"Advanced Micro Devices, Inc.", "https://www.amd.com", "psirt@amd.com", "AMD PSIRT", "US", "generic/xilinx", "amd"}
	orgWindR    = org{"Wind River Systems, Inc.", "https://www.windriver.com", "security@windriver.com", "Wind River Security", "US", "generic/windriver", "windriver"}
	orgNordlys  = org{"Nordlys Baseband Oy", "https://nordlys-baseband.example", "support@nordlys-baseband.example", "Nordlys Support", "FI", "generic/nordlys", "nordlys"}
	orgKestrel  = org{"Kestrel RF GmbH", "https://www.kestrel-rf.example", "security@kestrel-rf.example", "Kestrel Security", "DE", "generic/kestrel", "kestrel"}
	orgBluefin  = org{"Bluefin Silicon Inc.", "https://bluefin-silicon.example", "psirt@bluefin-silicon.example", "Bluefin PSIRT", "US", "generic/bluefin", "bluefin"}
	orgSakura   = org{"Sakura Radio K.K.", "https://www.sakura-radio.example", "info@sakura-radio.example", "Sakura Radio Support", "JP", "generic/sakura-radio", "sakura_radio"}
	orgHanbit   = org{"Hanbit Networks Co., Ltd.", "https://www.hanbit-networks.example", "security@hanbit-networks.example", "Hanbit CERT", "KR", "generic/hanbit", "hanbit"}
	orgAztec    = org{"Aztec Networks Ltd", "https://www.aztec-networks.example", "support@aztec-networks.example", "Aztec Support", "GB", "generic/aztec", "aztec_networks"}
	orgRockchip = org{"Rockchip Electronics Co., Ltd.", "https://www.rock-chips.com", "security@rock-chips.com", "Rockchip Security", "CN", "generic/rockchip", "rockchip"}
	orgCNCF     = org{"Cloud Native Computing Foundation", "https://www.cncf.io", "security@cncf.io", "CNCF Security", "US", "golang/github.com", "cncf"}
	orgPSF      = org{"Python Software Foundation", "https://www.python.org", "security@python.org", "PSRT", "US", "pypi/", "python"}
	orgDPDK     = org{"DPDK Project", "https://www.dpdk.org", "security@dpdk.org", "DPDK Security", "US", "github/dpdk", "dpdk"}
	orgOAI      = org{"OpenAirInterface Software Alliance", "https://openairinterface.org", "contact@openairinterface.org", "OSA", "FR", "generic/openairinterface", "openairinterface"}
)

// vendorOrgs are the component suppliers of vendor SDKs, stacks and
// boards, besides the firmware vendor itself.
var vendorOrgs = []*org{&orgIntel, &orgNXP, &orgMarvell, &orgAMD, &orgWindR, &orgNordlys, &orgKestrel, &orgBluefin, &orgSakura, &orgHanbit, &orgAztec, &orgRockchip, &orgOAI, &orgDPDK}

// hrEntity is a listed (high-risk) vendor with the many ways SBOMs name it.
type hrEntity struct {
	id      string
	names   []string // legal names, variants, other scripts, homoglyphs
	domains []string
	purls   []string // type/namespace
	cpe     []string
	pkgs    []string // typical part names
}

// The listed vendors. Name variants include case and punctuation changes,
// legal-suffix variants, Chinese script, a Cyrillic homoglyph (а =
// U+0430, і = U+0456, Т = U+0422), a zero-width space and a no-break space.
var hrEntities = []hrEntity{
	{
		id: "huawei",
		names: []string{
			"Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO.,LTD.", "Huawei Technologies Co Ltd",
			"huawei technologies", "Huawei", "HUAWEI", "Huawei Tech. Co., Ltd", "华为技术有限公司",
			"Huawei Technologies Duesseldorf GmbH", "Huawei Device Co., Ltd.", "Huаwei Technologies Co., Ltd.",
			"Hua\u200bwei Technologies Co., Ltd.", // zero-width space inside the name
		},
		domains: []string{"huawei.com", "support.huawei.com", "consumer.huawei.com", "open.huawei.com"},
		purls:   []string{"generic/huawei", "maven/com.huawei", "github/huawei", "maven/com.huawei.oam"},
		cpe:     []string{"huawei"},
		pkgs:    []string{"bbu-oam-agent", "ascend-runtime", "hiai-engine", "eudemon-ipsec", "ne-license-client", "u2020-mediation", "cloudengine-fw", "bts-transport-lib"},
	},
	{
		id: "hisilicon",
		names: []string{
			"HiSilicon Technologies Co., Ltd.", "HISILICON TECHNOLOGIES CO., LTD", "Hisilicon (Shenzhen) Technologies",
			"HiSilicon", "hisilicon technologies co. ltd.", "海思半导体有限公司", "HіSilicon Technologies Co., Ltd.",
		},
		domains: []string{"hisilicon.com", "www.hisilicon.com"},
		purls:   []string{"generic/hisilicon", "github/hisilicon"},
		cpe:     []string{"hisilicon"},
		pkgs:    []string{"hi1382-bsp", "hi1711-bmc-fw", "hisi-sec-engine", "hi1616-uefi", "hns3-nic-fw", "hisi-acc-driver", "hi5630-rf-ctrl"},
	},
	{
		id: "zte",
		names: []string{
			"ZTE Corporation", "ZTE Corp.", "zte corporation", "Z.T.E. Corporation", "ZTE CORPORATION LTD.",
			"中兴通讯股份有限公司", "ZТE Corporation", "ZTE", "ZTE\u00a0Corporation", // no-break space
		},
		domains: []string{"zte.com.cn", "support.zte.com.cn", "www.zte.com.cn"},
		purls:   []string{"generic/zte", "maven/com.zte", "github/zte"},
		cpe:     []string{"zte"},
		pkgs:    []string{"zxsdr-bbu-fw", "uniran-oam", "zxr10-routing", "netnumen-agent", "ztecpe-mgmt", "zxun-l2-sched"},
	},
	{
		id: "sanechips",
		names: []string{
			"Sanechips Technology Co., Ltd.", "SANECHIPS TECHNOLOGY CO.,LTD", "Sanechips", "深圳市中兴微电子技术有限公司",
			"sanechips technology co ltd",
		},
		domains: []string{"sanechips.com.cn", "www.sanechips.com.cn"},
		purls:   []string{"generic/sanechips", "github/sanechips"},
		cpe:     []string{"sanechips"},
		pkgs:    []string{"sane-dfe-driver", "zx297520-bsp", "sane-baseband-dsp", "zx279128-pon-fw"},
	},
}

// debPkg is a Debian binary package template.
type debPkg struct {
	name, version, source, license, section, desc string
}

// debPkgs is a slice of a Debian 12 (bookworm) arm64 root file system, the
// bulk of any Linux-based base-station load.
var debPkgs = parseDeb(`libc6|2.36-9+deb12u4|glibc|LGPL-2.1-or-later|libs|GNU C Library: Shared libraries, including the standard C library and the standard math library, as well as many others
libc-bin|2.36-9+deb12u4|glibc|LGPL-2.1-or-later|libs|GNU C Library: Binaries for locale management, dynamic linker configuration and name service switch
libssl3|3.0.11-1~deb12u2|openssl|Apache-2.0|libs|Secure Sockets Layer toolkit - shared libraries for the TLS and DTLS protocols and general purpose cryptography
openssl|3.0.11-1~deb12u2|openssl|Apache-2.0|utils|Secure Sockets Layer toolkit - cryptographic utility for certificates, keys and message digests
libgcc-s1|12.2.0-14|gcc-12|GPL-3.0-or-later WITH GCC-exception-3.1|libs|GCC support library providing low-level runtime routines used by generated code
libstdc++6|12.2.0-14|gcc-12|GPL-3.0-or-later WITH GCC-exception-3.1|libs|GNU Standard C++ Library v3 providing containers, algorithms, streams and threading primitives
zlib1g|1:1.2.13.dfsg-1|zlib|Zlib|libs|compression library - runtime implementing the deflate compression method found in gzip and PKZIP
liblzma5|5.4.1-0.2|xz-utils|0BSD|libs|XZ-format compression library providing LZMA and LZMA2 compression used by xz and lzma
libzstd1|1.5.4+dfsg2-5|libzstd|BSD-3-Clause|libs|fast lossless compression algorithm - runtime library for Zstandard frames
libsystemd0|252.22-1~deb12u1|systemd|LGPL-2.1-or-later|libs|systemd utility library providing journal, daemon notification and login session interfaces
systemd|252.22-1~deb12u1|systemd|LGPL-2.1-or-later|admin|system and service manager that runs as init and manages units, cgroups and journald logging
udev|252.22-1~deb12u1|systemd|GPL-2.0-or-later|admin|device manager for the Linux kernel that handles hotplug events and persistent device naming
bash|5.2.15-2+b2|bash|GPL-3.0-or-later|shells|GNU Bourne Again SHell, an sh-compatible command language interpreter with interactive line editing
coreutils|9.1-1|coreutils|GPL-3.0-or-later|utils|GNU core utilities: the basic file, shell and text manipulation utilities of the GNU operating system
util-linux|2.38.1-5+deb12u1|util-linux|GPL-2.0-or-later|utils|miscellaneous system utilities including mount, fdisk, lsblk and the agetty terminal handler
libpam0g|1.5.2-6+deb12u1|pam|BSD-3-Clause OR GPL-2.0-or-later|libs|Pluggable Authentication Modules library used by login services to authenticate users
libpam-modules|1.5.2-6+deb12u1|pam|BSD-3-Clause OR GPL-2.0-or-later|admin|Pluggable Authentication Modules for PAM including pam_unix, pam_limits and pam_env
openssh-server|1:9.2p1-2+deb12u2|openssh|BSD-2-Clause|net|secure shell (SSH) server, for secure access from remote machines to the OAM interface
openssh-client|1:9.2p1-2+deb12u2|openssh|BSD-2-Clause|net|secure shell (SSH) client, for secure access to remote machines and secure file transfer
libcurl4|7.88.1-10+deb12u5|curl|curl|libs|easy-to-use client-side URL transfer library (OpenSSL flavour) supporting HTTP, HTTPS and FTP
curl|7.88.1-10+deb12u5|curl|curl|web|command line tool for transferring data with URL syntax over many protocols
libxml2|2.9.14+dfsg-1.3~deb12u1|libxml2|MIT|libs|GNOME XML library for parsing and validating XML documents, XPath and XInclude support
libexpat1|2.5.0-1|expat|MIT|libs|XML parsing C library - runtime library for stream-oriented XML parsing
libyaml-0-2|0.2.5-1|libyaml|MIT|libs|Fast YAML 1.1 parser and emitter library used by configuration tooling
libjson-c5|0.16-2|json-c|MIT|libs|JSON manipulation library - shared library for reading and writing JSON objects in C
libnl-3-200|3.7.0-0.2+b1|libnl3|LGPL-2.1-only|libs|library for dealing with netlink sockets used to configure network interfaces and routes
libnl-route-3-200|3.7.0-0.2+b1|libnl3|LGPL-2.1-only|libs|library for dealing with netlink sockets - route interface for traffic control and links
iproute2|6.1.0-3|iproute2|GPL-2.0-or-later|net|networking and traffic control tools for the Linux kernel, including ip, tc and ss
iptables|1.8.9-2|iptables|GPL-2.0-or-later|net|administration tools for packet filtering and NAT using the nftables and legacy backends
nftables|1.0.6-2+deb12u2|nftables|GPL-2.0-only|net|Program to control packet filtering rules by Netfilter project, replacing iptables
libnftnl11|1.2.4-2|libnftnl|GPL-2.0-or-later|libs|Netfilter nftables userspace API library for low-level netlink programming
linuxptp|3.1.1-6|linuxptp|GPL-2.0-or-later|net|Precision Time Protocol (PTP, IEEE 1588) implementation for Linux used for fronthaul timing
chrony|4.3-2+deb12u1|chrony|GPL-2.0-only|net|Versatile implementation of the Network Time Protocol used as a fallback time source
libpcap0.8|1.10.3-1|libpcap|BSD-3-Clause|libs|system interface for user-level packet capture used by tracing and lawful interception tooling
tcpdump|4.99.3-1|tcpdump|BSD-3-Clause|net|command-line network traffic analyzer for troubleshooting fronthaul and backhaul links
libsctp1|1.0.19+dfsg-2|lksctp-tools|LGPL-2.1-or-later|libs|user-space access to Linux kernel SCTP - shared library used by F1AP, NGAP and X2AP
libnuma1|2.0.16-1|numactl|LGPL-2.1-only|libs|Libraries for controlling NUMA policy used to pin baseband threads to memory nodes
libhugetlbfs-bin|2.24-1|libhugetlbfs|LGPL-2.1-or-later|utils|Tools to ease use of hugetlbfs for DPDK and PHY memory pools
libpci3|1:3.9.0-4|pciutils|GPL-2.0-or-later|libs|PCI utilities (shared library) for enumerating accelerator and NIC devices
pciutils|1:3.9.0-4|pciutils|GPL-2.0-or-later|admin|PCI utilities for inspecting devices on the PCI bus, including lspci and setpci
ethtool|1:6.1-1|ethtool|GPL-2.0-only|net|display or change Ethernet device settings, ring sizes and offload features
libsqlite3-0|3.40.1-2+deb12u1|sqlite3|blessing|libs|SQLite 3 shared library, an embedded SQL database engine used by the configuration store
libprotobuf32|3.21.12-3|protobuf|BSD-3-Clause|libs|protocol buffers C++ library used by gRPC-based management interfaces
libgrpc++1.51|1.51.1-3+b1|grpc|Apache-2.0|libs|high performance general RPC framework (C++ library) for the telemetry streaming interface
libsnmp40|5.9.3+dfsg-2|net-snmp|BSD-3-Clause|libs|SNMP (Simple Network Management Protocol) library for legacy fault management
libnetconf2-3|2.1.28-1|libnetconf2|BSD-3-Clause|libs|NETCONF protocol library used by the O-RAN management plane
libyang2|2.1.30-2|libyang2|BSD-3-Clause|libs|parser toolkit for IETF YANG data modeling used by the O-RAN M-plane
sysrepo|2.2.36-1|sysrepo|Apache-2.0|admin|YANG-based configuration and operational state data store for NETCONF servers
libmnl0|1.0.4-3|libmnl|LGPL-2.1-or-later|libs|minimalistic Netlink communication library used by ethtool and nftables
libcap2|1:2.66-4|libcap2|BSD-3-Clause OR GPL-2.0-only|libs|POSIX 1003.1e capabilities (library) used to drop privileges of daemons
libseccomp2|2.5.4-1+b3|libseccomp|LGPL-2.1-only|libs|high level interface to Linux seccomp filter used by container runtimes
libselinux1|3.4-1+b6|libselinux|LicenseRef-selinux-public-domain|libs|SELinux runtime shared libraries for mandatory access control policy checks
libaudit1|1:3.0.9-1|audit|LGPL-2.1-or-later|libs|Dynamic library for security auditing used by the audit daemon and PAM
libgnutls30|3.7.9-2+deb12u2|gnutls28|LGPL-2.1-or-later|libs|GNU TLS library - main runtime library for secure communication
libgcrypt20|1.10.1-3|libgcrypt20|LGPL-2.1-or-later|libs|LGPL Crypto library - runtime library for symmetric ciphers, hashes and public-key algorithms
libidn2-0|2.3.3-1+b1|libidn2|LGPL-3.0-or-later OR GPL-2.0-or-later|libs|Internationalized domain names (IDNA2008/TR46) library
libkrb5-3|1.20.1-2+deb12u1|krb5|MIT|libs|MIT Kerberos runtime libraries - krb5 GSS-API Mechanism
libldap-2.5-0|2.5.13+dfsg-5|openldap|OLDAP-2.8|libs|OpenLDAP libraries for directory-based user authentication on the OAM network
libdbus-1-3|1.14.10-1~deb12u1|dbus|AFL-2.1 OR GPL-2.0-or-later|libs|simple interprocess messaging system (library) used by systemd services
dbus|1.14.10-1~deb12u1|dbus|AFL-2.1 OR GPL-2.0-or-later|admin|simple interprocess messaging system (system message bus)
libglib2.0-0|2.74.6-2+deb12u2|glib2.0|LGPL-2.1-or-later|libs|GLib library of C routines for data structures, main loops and threads
python3.11-minimal|3.11.2-6+deb12u1|python3.11|PSF-2.0|python|Minimal subset of the Python language (version 3.11) used by provisioning scripts
libpython3.11|3.11.2-6+deb12u1|python3.11|PSF-2.0|libs|Shared Python runtime library (version 3.11)
perl-base|5.36.0-7+deb12u1|perl|GPL-1.0-or-later OR Artistic-1.0-Perl|perl|minimal Perl system required by maintainer scripts
libncursesw6|6.4-4|ncurses|MIT|libs|shared libraries for terminal handling (wide character support)
libreadline8|8.2-1.3|readline|GPL-3.0-or-later|libs|GNU readline and history libraries, run-time libraries for the CLI shell
libtinfo6|6.4-4|ncurses|MIT|libs|shared low-level terminfo library for terminal handling
procps|2:4.0.2-3|procps|GPL-2.0-or-later|admin|/proc file system utilities such as ps, top, free and sysctl
kmod|30+20221128-1|kmod|GPL-2.0-or-later|admin|tools for managing Linux kernel modules used to load accelerator drivers
busybox|1:1.35.0-4+b3|busybox|GPL-2.0-only|utils|Tiny utilities for small and embedded systems, used in the recovery initramfs
e2fsprogs|1.47.0-2|e2fsprogs|GPL-2.0-or-later|admin|ext2/ext3/ext4 file system utilities for the persistent configuration partition
libblkid1|2.38.1-5+deb12u1|util-linux|LGPL-2.1-or-later|libs|block device ID library used to find file systems by label and UUID
libmount1|2.38.1-5+deb12u1|util-linux|LGPL-2.1-or-later|libs|device mounting library used by systemd and mount
libuuid1|2.38.1-5+deb12u1|util-linux|BSD-3-Clause|libs|Universally Unique ID library used for bom-refs and alarm identifiers
libffi8|3.4.4-1|libffi|MIT|libs|Foreign Function Interface library runtime for dynamic calls
libpcre2-8-0|10.42-1|pcre2|BSD-3-Clause|libs|New Perl Compatible Regular Expression Library - 8 bit runtime files
libbpf1|1:1.1.0-1|libbpf|LGPL-2.1-only OR BSD-2-Clause|libs|eBPF helper library (shared library) for packet steering programs
libelf1|0.188-2.1|elfutils|GPL-2.0-or-later OR LGPL-3.0-or-later|libs|library to read and write ELF files, needed by libbpf
libunwind8|1.6.2-3|libunwind|MIT|libs|library to determine the call-chain of a program, used by crash reporting
rsyslog|8.2302.0-1|rsyslog|GPL-3.0-or-later|admin|reliable system and kernel logging daemon forwarding alarms to the OSS
logrotate|3.21.0-1|logrotate|GPL-2.0-only|admin|Log rotation utility for the local trace buffers
ca-certificates|20230311|ca-certificates|MPL-2.0|misc|Common CA certificates used to validate TLS connections to the management system
tzdata|2024a-0+deb12u1|tzdata|LicenseRef-public-domain|localization|time zone and daylight-saving time data
strongswan-charon|5.9.8-5+deb12u1|strongswan|GPL-2.0-or-later|net|strongSwan Internet Key Exchange daemon protecting the S1/NG and X2/Xn backhaul
libstrongswan|5.9.8-5+deb12u1|strongswan|GPL-2.0-or-later|net|strongSwan utility and crypto library
libtss2-esys-3.0.2-0|3.2.1-3|tpm2-tss|BSD-2-Clause|libs|TPM2 Software stack library - TSS and TCTI libraries for measured boot
tpm2-tools|5.4-1|tpm2-tools|BSD-3-Clause|utils|TPM 2.0 utilities for attestation of the boot chain
libsensors5|1:3.6.0-7.1|lm-sensors|LGPL-2.1-or-later|libs|library to read temperature/voltage/fan sensors of the baseband board
i2c-tools|4.3-2+b3|i2c-tools|GPL-2.0-or-later|utils|heterogeneous set of I2C tools for Linux used to talk to radio board controllers
lldpd|1.0.16-1+deb12u1|lldpd|ISC|net|implementation of IEEE 802.1ab (LLDP) for fronthaul topology discovery
keepalived|1:2.2.7-1+b2|keepalived|GPL-2.0-or-later|admin|Failover and monitoring daemon for the OAM virtual address
haveged|1.9.14-1+b1|haveged|GPL-3.0-or-later|misc|Linux entropy source using the HAVEGE algorithm
libevent-2.1-7|2.1.12-stable-8|libevent|BSD-3-Clause|libs|Asynchronous event notification library
libboost-system1.74.0|1.74.0+ds1-21|boost1.74|BSL-1.0|libs|Operating system (e.g. diagnostics support) library used by the L2 scheduler
libtbb12|2021.8.0-2|onetbb|Apache-2.0|libs|parallelism library for C++ - runtime files used by the beamforming workers
liblz4-1|1.9.4-1|lz4|BSD-2-Clause|libs|Fast LZ compression algorithm library - runtime for trace compression`)

func parseDeb(table string) []debPkg {
	var out []debPkg
	for _, line := range strings.Split(table, "\n") {
		f := strings.Split(line, "|")
		if len(f) != 6 {
			panic("sbomgen: bad deb table line: " + line)
		}
		out = append(out, debPkg{f[0], f[1], f[2], f[3], f[4], f[5]})
	}
	return out
}

// modPkg is a language-ecosystem package found inside containers.
type modPkg struct {
	purlType, namespace, name, license, desc, repo string
	versions                                       []string
}

var modPkgs = []modPkg{
	{"golang", "google.golang.org", "grpc", "Apache-2.0", "The Go language implementation of gRPC, HTTP/2 based RPC", "https://github.com/grpc/grpc-go", []string{"v1.62.1", "v1.64.0", "v1.58.3"}},
	{"golang", "google.golang.org", "protobuf", "BSD-3-Clause", "Go support for Protocol Buffers", "https://github.com/protocolbuffers/protobuf-go", []string{"v1.33.0", "v1.34.2"}},
	{"golang", "github.com/prometheus", "client_golang", "Apache-2.0", "Prometheus instrumentation library for Go applications", "https://github.com/prometheus/client_golang", []string{"v1.19.0", "v1.18.0"}},
	{"golang", "github.com/spf13", "cobra", "Apache-2.0", "A Commander for modern Go CLI interactions", "https://github.com/spf13/cobra", []string{"v1.8.0", "v1.7.0"}},
	{"golang", "go.uber.org", "zap", "MIT", "Blazing fast, structured, leveled logging in Go", "https://github.com/uber-go/zap", []string{"v1.27.0", "v1.26.0"}},
	{"golang", "golang.org/x", "net", "BSD-3-Clause", "Go supplementary network libraries", "https://go.googlesource.com/net", []string{"v0.22.0", "v0.24.0"}},
	{"golang", "golang.org/x", "crypto", "BSD-3-Clause", "Go supplementary cryptography libraries", "https://go.googlesource.com/crypto", []string{"v0.21.0", "v0.23.0"}},
	{"golang", "k8s.io", "client-go", "Apache-2.0", "Go client for Kubernetes used by the O-Cloud agent", "https://github.com/kubernetes/client-go", []string{"v0.29.3", "v0.30.1"}},
	{"golang", "github.com/openconfig", "gnmi", "Apache-2.0", "gRPC Network Management Interface protocol and reference implementation", "https://github.com/openconfig/gnmi", []string{"v0.10.0", "v0.11.0"}},
	{"pypi", "", "pyyaml", "MIT", "YAML parser and emitter for Python", "https://github.com/yaml/pyyaml", []string{"6.0.1", "6.0"}},
	{"pypi", "", "requests", "Apache-2.0", "Python HTTP for Humans", "https://github.com/psf/requests", []string{"2.31.0", "2.32.3"}},
	{"pypi", "", "cryptography", "Apache-2.0 OR BSD-3-Clause", "cryptography is a package which provides cryptographic recipes and primitives", "https://github.com/pyca/cryptography", []string{"42.0.5", "41.0.7"}},
	{"pypi", "", "ncclient", "Apache-2.0", "Python library for NETCONF clients", "https://github.com/ncclient/ncclient", []string{"0.6.15"}},
	{"pypi", "", "jinja2", "BSD-3-Clause", "A very fast and expressive template engine", "https://github.com/pallets/jinja", []string{"3.1.3", "3.1.4"}},
	{"npm", "", "express", "MIT", "Fast, unopinionated, minimalist web framework for the local craft terminal", "https://github.com/expressjs/express", []string{"4.19.2", "4.18.2"}},
	{"npm", "@grpc", "grpc-js", "Apache-2.0", "gRPC Library for Node - pure JS implementation", "https://github.com/grpc/grpc-node", []string{"1.10.6", "1.9.15"}},
}

// vendorPart is a part of a vendor SDK, RAN stack or board support package.
type vendorPart struct {
	name, desc, license, typ string
}

var vendorParts = map[string][]vendorPart{
	"bsp": {
		{"u-boot", "Das U-Boot boot loader for the baseband board, with verified boot enabled", "GPL-2.0-or-later", "firmware"},
		{"linux-kernel", "Linux kernel with PREEMPT_RT patches for the baseband SoC", "GPL-2.0-only", "operating-system"},
		{"trusted-firmware-a", "Trusted Firmware-A secure monitor and BL31 runtime", "BSD-3-Clause", "firmware"},
		{"optee-os", "OP-TEE trusted execution environment for key storage", "BSD-2-Clause", "firmware"},
		{"device-tree", "device tree blobs describing the board, clocks and SerDes lanes", "GPL-2.0-only OR BSD-2-Clause", "data"},
		{"fpga-bitstream", "FPGA bitstream for the fronthaul and digital front end", "LicenseRef-Proprietary", "firmware"},
		{"cpld-image", "board CPLD image handling power sequencing and resets", "LicenseRef-Proprietary", "firmware"},
		{"bmc-firmware", "baseboard management controller firmware", "LicenseRef-Proprietary", "firmware"},
		{"serdes-microcode", "SerDes microcode for the 25G eCPRI links", "LicenseRef-Proprietary", "firmware"},
		{"nic-firmware", "Ethernet controller NVM image", "LicenseRef-Proprietary", "firmware"},
	},
	"l1": {
		{"phy-ldpc-decoder", "LDPC decoder for PUSCH processing with accelerator offload", "LicenseRef-Proprietary", "library"},
		{"phy-polar-codec", "Polar encoder and decoder for control channels", "LicenseRef-Proprietary", "library"},
		{"phy-beamforming", "digital beamforming weight computation for massive MIMO", "LicenseRef-Proprietary", "library"},
		{"phy-channel-estimation", "channel estimation and equalisation kernels (AVX-512 / SVE)", "LicenseRef-Proprietary", "library"},
		{"phy-prach-detector", "PRACH preamble detection", "LicenseRef-Proprietary", "library"},
		{"fapi-adapter", "Small Cell Forum FAPI adapter between L1 and L2", "Apache-2.0", "library"},
		{"fronthaul-oran-7-2x", "O-RAN 7.2x fronthaul library (C/U-plane, compression)", "BSD-3-Clause", "library"},
		{"bbdev-accelerator-driver", "baseband device accelerator poll mode driver", "BSD-3-Clause", "library"},
	},
	"l2": {
		{"mac-scheduler", "5G NR MAC scheduler with proportional-fair and QoS-aware policies", "LicenseRef-Proprietary", "library"},
		{"rlc", "Radio Link Control (AM/UM/TM) entity implementation", "LicenseRef-Proprietary", "library"},
		{"pdcp", "Packet Data Convergence Protocol with ciphering and integrity protection", "LicenseRef-Proprietary", "library"},
		{"f1ap-codec", "F1 Application Protocol ASN.1 PER codec", "LicenseRef-Proprietary", "library"},
		{"rrc", "Radio Resource Control state machine and ASN.1 codec", "LicenseRef-Proprietary", "library"},
		{"ngap", "NG Application Protocol towards the 5G core", "LicenseRef-Proprietary", "library"},
		{"gtpu", "GTP-U user plane tunnelling", "Apache-2.0", "library"},
		{"e2-agent", "O-RAN E2 agent exposing RAN functions to the near-RT RIC", "Apache-2.0", "application"},
	},
	"sdk": {
		{"dpdk", "Data Plane Development Kit: libraries and drivers for fast packet processing", "BSD-3-Clause", "library"},
		{"crypto-accelerator-sdk", "crypto and compression accelerator user-space SDK", "BSD-3-Clause", "library"},
		{"dsp-toolchain-runtime", "DSP runtime libraries for the vector co-processor", "LicenseRef-Proprietary", "library"},
		{"timing-sync-sdk", "SyncE / PTP timing SDK with holdover algorithms", "LicenseRef-Proprietary", "library"},
		{"rf-calibration-lib", "RF calibration and digital pre-distortion library", "LicenseRef-Proprietary", "library"},
		{"hw-abstraction-layer", "hardware abstraction layer for the baseband SoC", "LicenseRef-Proprietary", "library"},
	},
	"oam": {
		{"netconf-server", "O-RAN M-plane NETCONF server", "Apache-2.0", "application"},
		{"fault-manager", "alarm and fault management agent", "LicenseRef-Proprietary", "application"},
		{"pm-collector", "performance measurement counters collector (3GPP TS 28.552)", "LicenseRef-Proprietary", "application"},
		{"software-manager", "software download, activation and rollback agent", "LicenseRef-Proprietary", "application"},
		{"ves-agent", "VES event streaming agent towards the SMO", "Apache-2.0", "application"},
	},
	"security": {
		{"secure-boot-keys", "secure boot key manifest and certificate chain", "LicenseRef-Proprietary", "data"},
		{"ipsec-policy", "IPsec policy engine for backhaul protection", "LicenseRef-Proprietary", "library"},
		{"cert-manager-agent", "certificate enrolment agent (CMPv2 / EST)", "Apache-2.0", "application"},
		{"hsm-client", "hardware security module client library", "LicenseRef-Proprietary", "library"},
	},
}
