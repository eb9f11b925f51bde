package io.argus.scrape.discovery;

/**
 * One resource record of a DNS answer section, reduced to what discovery uses.
 *
 * @param type the record type code ({@link DnsMessage#TYPE_A} etc.)
 * @param target the address in Go's textual form for A and AAAA; the rooted host name (with its
 *     final dot) for SRV, MX, NS and CNAME; empty for other types
 * @param port the SRV port, else 0
 */
record DnsRecord(int type, String target, int port) {}
