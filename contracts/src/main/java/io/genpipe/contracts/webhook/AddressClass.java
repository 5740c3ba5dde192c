package io.genpipe.contracts.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * What kind of address a callback's host resolves to. Only {@link #PUBLIC} addresses are delivered to unless the
 * delivering side allows private ones: a callback to {@code 169.254.169.254} or {@code 127.0.0.1} would let a caller
 * make genpipe request the cloud's metadata service or an internal admin port on its behalf (SSRF).
 */
public enum AddressClass {
    PUBLIC("a public address"),
    /** RFC 1918 (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), fc00::/7 and the old fec0::/10. */
    PRIVATE("a private address"),
    /** 127/8, ::1. */
    LOOPBACK("a loopback address"),
    /** 169.254/16 (where cloud metadata services answer), fe80::/10. */
    LINK_LOCAL("a link-local address"),
    /** 0.0.0.0/8, ::: a connection to it reaches this host. */
    UNSPECIFIED("an unspecified address"),
    /** 224/4, ff00::/8, 255.255.255.255. */
    MULTICAST("a multicast or broadcast address");

    private final String description;

    AddressClass(String description) {
        this.description = description;
    }

    /** In words, for a refusal: {@code a loopback address}. */
    public String description() {
        return description;
    }

    public static AddressClass of(InetAddress address) {
        Inet4Address embedded = embeddedIpv4(address);
        if (embedded != null) {
            // ::ffff:10.0.0.1 and ::10.0.0.1 reach the IPv4 address they carry.
            return of(embedded);
        }
        if (address.isAnyLocalAddress()) {
            return UNSPECIFIED;
        }
        if (address.isLoopbackAddress()) {
            return LOOPBACK;
        }
        if (address.isLinkLocalAddress()) {
            return LINK_LOCAL;
        }
        if (address.isMulticastAddress()) {
            return MULTICAST;
        }
        if (address.isSiteLocalAddress()) {
            return PRIVATE;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            if (first == 0) {
                return UNSPECIFIED;
            }
            if (first == 100 && (second & 0xc0) == 64) {
                return PRIVATE;
            }
            if (Arrays.equals(bytes, new byte[]{(byte) 255, (byte) 255, (byte) 255, (byte) 255})) {
                return MULTICAST;
            }
            return PUBLIC;
        }
        if ((bytes[0] & 0xfe) == 0xfc) {
            return PRIVATE;
        }
        return PUBLIC;
    }

    /**
     * The IPv4 address an IPv6 address reaches: IPv4-mapped ({@code ::ffff:a.b.c.d}), IPv4-compatible
     * ({@code ::a.b.c.d}), NAT64 ({@code 64:ff9b::a.b.c.d}) or 6to4 ({@code 2002:AABB:CCDD::}).
     */
    private static Inet4Address embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] bytes = address.getAddress();
        if ((bytes[0] & 0xff) == 0x20 && (bytes[1] & 0xff) == 0x02) {
            return ipv4(Arrays.copyOfRange(bytes, 2, 6));
        }
        boolean nat64 = bytes[0] == 0 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                && (bytes[3] & 0xff) == 0x9b;
        for (int i = nat64 ? 4 : 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return null;
            }
        }
        boolean mapped = (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
        boolean zeros = bytes[10] == 0 && bytes[11] == 0;
        boolean ipv6Own = !nat64 && zeros && bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0
                && (bytes[15] == 0 || bytes[15] == 1); // :: and ::1
        if ((!mapped && !zeros) || ipv6Own) {
            return null;
        }
        return ipv4(Arrays.copyOfRange(bytes, 12, 16));
    }

    private static Inet4Address ipv4(byte[] four) {
        try {
            return (Inet4Address) InetAddress.getByAddress(four);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }
}
