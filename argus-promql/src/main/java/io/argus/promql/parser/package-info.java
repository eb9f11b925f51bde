/** The PromQL lexer, parser, AST and printer. */
@NullMarked
package io.argus.promql.parser;

import org.jspecify.annotations.NullMarked;
