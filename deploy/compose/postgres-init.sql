-- One database per service that owns PostgreSQL state.
CREATE DATABASE identity;
CREATE DATABASE communities;
CREATE DATABASE content;
CREATE DATABASE messaging;
