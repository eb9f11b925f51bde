/**
 * The email receiver: a small SMTP client (implicit TLS on port 465, STARTTLS, AUTH CRAM-MD5, PLAIN
 * and LOGIN) sending multipart text and HTML mails.
 */
@NullMarked
package io.argus.alertmanager.notify.email;

import org.jspecify.annotations.NullMarked;
