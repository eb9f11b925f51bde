/**
 * The proxy over many stores: {@link io.argus.store.proxy.EndpointSet} keeps the endpoints of the
 * query layer with their health and advertised label sets and time ranges; {@link
 * io.argus.store.proxy.ProxyStore} fans a request out to the endpoints that may hold matching data
 * and merges their sorted streams into one, turning failures into warnings or errors per the
 * request's partial-response strategy.
 */
@NullMarked
package io.argus.store.proxy;

import org.jspecify.annotations.NullMarked;
