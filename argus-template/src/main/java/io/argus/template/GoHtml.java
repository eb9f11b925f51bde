package io.argus.template;

/**
 * A value of Go's {@code html/template.HTML} type: a string that is printed as is.
 *
 * @param html the text
 */
public record GoHtml(String html) {}
