package dev.twice.cli;

import dev.twice.config.ByteSize;
import dev.twice.config.Durability;
import dev.twice.config.DurationValue;
import dev.twice.config.HostPort;
import dev.twice.config.RecordedMethods;
import dev.twice.config.RetentionPolicy;
import dev.twice.config.Upstream;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The flags' value types, read by the config package's parsers; a bad value becomes picocli's error naming the
 * flag.
 */
final class Converters {

    private Converters() {}

    /** Turns the config package's IllegalArgumentException into picocli's, which names the flag. */
    abstract static class Converter<T> implements ITypeConverter<T> {
        private final Function<String, T> parse;

        Converter(Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T convert(String value) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class UpstreamConverter extends Converter<Upstream> {
        UpstreamConverter() {
            super(Upstream::parse);
        }
    }

    static final class HostPortConverter extends Converter<HostPort> {
        HostPortConverter() {
            super(HostPort::parse);
        }
    }

    static final class MethodsConverter extends Converter<RecordedMethods> {
        MethodsConverter() {
            super(RecordedMethods::parse);
        }
    }

    static final class SizeConverter extends Converter<ByteSize> {
        SizeConverter() {
            super(ByteSize::parse);
        }
    }

    static final class RetentionConverter extends Converter<RetentionPolicy> {
        RetentionConverter() {
            super(RetentionPolicy::parse);
        }
    }

    static final class DurabilityConverter extends Converter<Durability> {
        DurabilityConverter() {
            super(Durability::parse);
        }
    }

    static final class DurationConverter extends Converter<Duration> {
        DurationConverter() {
            super(DurationValue::parse);
        }
    }
}
