@NullMarked
package org.registrysync.client;

import org.jspecify.annotations.NullMarked;
