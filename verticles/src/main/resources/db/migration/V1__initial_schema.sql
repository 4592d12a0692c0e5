-- Lanes are seeded from the configuration at start and edited by admins afterwards.
CREATE TABLE lots (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  capacity    integer CHECK (capacity IS NULL OR capacity >= 0),
  occupancy   integer NOT NULL DEFAULT 0
);

CREATE TABLE lanes (
  id            text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  name          text NOT NULL,
  direction     text NOT NULL DEFAULT 'entry' CHECK (direction IN ('entry', 'exit')),
  camera        jsonb NOT NULL DEFAULT '{}',
  gate          jsonb NOT NULL DEFAULT '{}',
  max_distance  integer NOT NULL DEFAULT 1 CHECK (max_distance BETWEEN 0 AND 3),
  formats       text[] NOT NULL DEFAULT '{}',
  lot_id        text REFERENCES lots (id) ON DELETE SET NULL,
  enabled       boolean NOT NULL DEFAULT true,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE plates (
  id          bigserial PRIMARY KEY,
  plate       text NOT NULL CHECK (plate ~ '^[A-Z0-9]{2,12}$'),
  display     text NOT NULL,
  kind        text NOT NULL DEFAULT 'allow' CHECK (kind IN ('allow', 'deny')),
  owner       text,
  notes       text,
  valid_from  timestamptz,
  valid_to    timestamptz,
  schedule    jsonb,
  lanes       text[],
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text,
  UNIQUE (plate, kind),
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from)
);

CREATE TABLE passes (
  id          bigserial PRIMARY KEY,
  plate       text NOT NULL CHECK (plate ~ '^[A-Z0-9]{2,12}$'),
  lot_id      text REFERENCES lots (id) ON DELETE CASCADE,
  valid_from  timestamptz NOT NULL,
  valid_to    timestamptz NOT NULL CHECK (valid_to > valid_from),
  reserved    boolean NOT NULL DEFAULT false,
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text
);
CREATE INDEX passes_plate ON passes (plate);

-- Every plate read in every frame, kept for the history and for tuning the models.
CREATE TABLE plate_reads (
  id                uuid PRIMARY KEY,
  lane_id           text NOT NULL,
  frame_id          text NOT NULL,
  captured_at       timestamptz NOT NULL,
  plate             text NOT NULL,
  confidence        real NOT NULL,
  char_confidences  real[] NOT NULL,
  box               integer[] NOT NULL,
  format            text,
  crop              bytea
);
CREATE INDEX plate_reads_lane_time ON plate_reads (lane_id, captured_at DESC);

-- One row per vehicle decision; the id is the tracker's vehicle id, so a retried write is a no-op.
CREATE TABLE events (
  id                uuid PRIMARY KEY,
  lane_id           text NOT NULL,
  captured_at       timestamptz NOT NULL,
  decided_at        timestamptz NOT NULL,
  plate_read        text NOT NULL,
  confidence        real NOT NULL,
  char_confidences  real[] NOT NULL,
  n_reads           integer NOT NULL CHECK (n_reads > 0),
  decision          text NOT NULL CHECK (decision IN ('allow', 'deny')),
  reason            text NOT NULL,
  matched_plate_id  bigint REFERENCES plates (id) ON DELETE SET NULL,
  matched_plate     text,
  distance          integer,
  box               integer[],
  crop              bytea,
  stored_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_lane_time ON events (lane_id, captured_at DESC);
CREATE INDEX events_time ON events (captured_at DESC);

-- Audit of every barrier movement, automatic or by whom.
CREATE TABLE gate_actions (
  id           bigserial PRIMARY KEY,
  lane_id      text NOT NULL,
  at           timestamptz NOT NULL,
  action       text NOT NULL,
  result       text NOT NULL,
  decision_id  uuid,
  by_user      text NOT NULL,
  why          text
);
CREATE INDEX gate_actions_lane_time ON gate_actions (lane_id, at DESC);
CREATE INDEX gate_actions_decision ON gate_actions (decision_id);

CREATE TABLE users (
  id             bigserial PRIMARY KEY,
  name           text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
  password_hash  text NOT NULL,
  role           text NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  disabled       boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now()
);
