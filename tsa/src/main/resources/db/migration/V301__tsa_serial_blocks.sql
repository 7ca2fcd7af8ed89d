-- Serials are handed out in blocks: each instance takes one value v of tsa_serial and issues v .. v+999
-- itself (DatabaseSerialNumberSource.BLOCK_SIZE, which must equal this increment), one database
-- round trip per 1,000 tokens instead of one per token. Values stay unique across replicas: after this
-- change every value the sequence returns is 1,000 above the previous one, so blocks never overlap each
-- other or any serial issued before (all at or below the last value), and an instance still running the
-- old code during a rolling upgrade takes a single value v, which no other block contains.
ALTER SEQUENCE tsa_serial INCREMENT BY 1000;
