package org.registrysync.mapping;

/** Broker kind used by an outpost (API schema `BrokerType`). */
public enum BrokerType {

	BROKER_VM, BROKER_CLUSTER

}
