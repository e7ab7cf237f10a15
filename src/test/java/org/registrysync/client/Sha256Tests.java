package org.registrysync.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Sha256Tests {

	@Test
	void lowercaseHexOfTheUtf8Bytes() {
		// the FIPS 180-2 test vector, and a letter outside ASCII
		assertThat(Sha256.hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		assertThat(Sha256.hex("ü")).isEqualTo("607474ca475a9724d7360aba71a56d5df77e61350e3f724cfa1f46e857e2d85f");
	}

}
