@NullMarked
package org.registrysync.mapping;

import org.jspecify.annotations.NullMarked;
