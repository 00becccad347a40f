//! IP and CIDR parsing with the API server's semantics: Go's lenient legacy parser (which accepts
//! `010.0.0.1`) plus the strict checks that Kubernetes 1.36 turns on (`StrictIPCIDRValidation`).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub const INVALID_IP: &str = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
pub const INVALID_CIDR: &str = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    V4,
    V6,
}

impl Family {
    pub fn of(ip: IpAddr) -> Family {
        match ip {
            IpAddr::V4(_) => Family::V4,
            IpAddr::V6(_) => Family::V6,
        }
    }

    pub fn parse(s: &str) -> Option<Family> {
        match s {
            "IPv4" => Some(Family::V4),
            "IPv6" => Some(Family::V6),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Family::V4 => "IPv4",
            Family::V6 => "IPv6",
        }
    }
}

/// An address as Go's `net.ParseIP` reads it, with what the strict rules would object to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LegacyIp {
    pub ip: IpAddr,
    pub leading_zeros: bool,
    pub ipv4_mapped: bool,
}

impl LegacyIp {
    /// The family the API server assigns: an IPv4-mapped IPv6 address counts as IPv4, as in Go.
    pub fn family(&self) -> Family {
        if self.ipv4_mapped {
            Family::V4
        } else {
            Family::of(self.ip)
        }
    }
}

fn parse_v4_lenient(s: &str) -> Option<(Ipv4Addr, bool)> {
    let mut octets = [0u8; 4];
    let mut leading = false;
    let mut parts = s.split('.');
    for octet in &mut octets {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if part.len() > 1 && part.starts_with('0') {
            leading = true;
        }
        *octet = part
            .parse::<u16>()
            .ok()
            .and_then(|v| u8::try_from(v).ok())?;
    }
    if parts.next().is_some() {
        return None;
    }
    Some((Ipv4Addr::from(octets), leading))
}

pub fn parse_ip(s: &str) -> Option<LegacyIp> {
    if let Some((v4, leading_zeros)) = parse_v4_lenient(s) {
        return Some(LegacyIp {
            ip: IpAddr::V4(v4),
            leading_zeros,
            ipv4_mapped: false,
        });
    }
    if !s.contains(':') || s.contains('%') {
        return None;
    }
    let v6: Ipv6Addr = s.parse().ok()?;
    Some(LegacyIp {
        ip: IpAddr::V6(v6),
        leading_zeros: false,
        ipv4_mapped: v6.to_ipv4_mapped().is_some(),
    })
}

/// The messages for an IP field; `strict` is Kubernetes ≥ 1.36.
pub fn ip_errors(s: &str, strict: bool) -> Vec<&'static str> {
    match parse_ip(s) {
        None => vec![INVALID_IP],
        Some(ip) if strict => {
            let mut errs = Vec::new();
            if ip.leading_zeros {
                errs.push("must not have leading 0s");
            }
            if ip.ipv4_mapped {
                errs.push("must not be an IPv4-mapped IPv6 address");
            }
            errs
        }
        Some(_) => Vec::new(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    pub ip: LegacyIp,
    pub prefix: u8,
    pub prefix_leading_zeros: bool,
}

impl Cidr {
    pub fn parse(s: &str) -> Option<Cidr> {
        let (addr, prefix) = s.split_once('/')?;
        let ip = parse_ip(addr)?;
        if prefix.is_empty() || prefix.len() > 3 || !prefix.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let value: u8 = prefix.parse().ok()?;
        let max = if ip.ipv4_mapped {
            128
        } else {
            match ip.ip {
                IpAddr::V4(_) => 32,
                IpAddr::V6(_) => 128,
            }
        };
        if value > max {
            return None;
        }
        Some(Cidr {
            ip,
            prefix: value,
            prefix_leading_zeros: prefix.len() > 1 && prefix.starts_with('0'),
        })
    }

    fn bits(ip: IpAddr) -> (u128, u8) {
        match ip {
            IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32),
            IpAddr::V6(v6) => (u128::from(v6), 128),
        }
    }

    fn mask(&self) -> u128 {
        let (_, width) = Self::bits(self.ip.ip);
        let host_bits = u32::from(width - self.prefix.min(width));
        if host_bits >= 128 {
            0
        } else {
            (!0u128) << host_bits
        }
    }

    pub fn has_host_bits(&self) -> bool {
        let (value, _) = Self::bits(self.ip.ip);
        value & !self.mask() & width_mask(self.ip.ip) != 0
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        if Family::of(ip) != Family::of(self.ip.ip) {
            return false;
        }
        let (a, _) = Self::bits(self.ip.ip);
        let (b, _) = Self::bits(ip);
        a & self.mask() == b & self.mask()
    }

    pub fn family(&self) -> Family {
        Family::of(self.ip.ip)
    }
}

fn width_mask(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(_) => u128::from(u32::MAX),
        IpAddr::V6(_) => u128::MAX,
    }
}

pub fn cidr_errors(s: &str, strict: bool) -> Vec<&'static str> {
    match Cidr::parse(s) {
        None => vec![INVALID_CIDR],
        Some(c) if strict => {
            let mut errs = Vec::new();
            if c.ip.leading_zeros || c.prefix_leading_zeros {
                errs.push("must not have leading 0s in IP or prefix length");
            }
            if c.ip.ipv4_mapped {
                errs.push("must not have an IPv4-mapped IPv6 address");
            }
            if c.has_host_bits() {
                errs.push("must not have bits set beyond the prefix length");
            }
            errs
        }
        Some(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_and_strict_ips() {
        assert!(ip_errors("10.0.0.1", true).is_empty());
        assert_eq!(ip_errors("010.0.0.1", true), ["must not have leading 0s"]);
        assert!(ip_errors("010.0.0.1", false).is_empty());
        assert_eq!(
            ip_errors("::ffff:1.2.3.4", true),
            ["must not be an IPv4-mapped IPv6 address"]
        );
        assert_eq!(ip_errors("example.com", true), [INVALID_IP]);
        assert_eq!(ip_errors("10.0.0.0/8", true), [INVALID_IP]);
        assert!(ip_errors("2001:db8::1", true).is_empty());
    }

    #[test]
    fn cidrs() {
        assert!(cidr_errors("10.0.0.0/8", true).is_empty());
        assert_eq!(
            cidr_errors("192.168.1.5/24", true),
            ["must not have bits set beyond the prefix length"]
        );
        assert_eq!(cidr_errors("10.0.0.0/33", true), [INVALID_CIDR]);
        assert_eq!(cidr_errors("10.0.0.1", true), [INVALID_CIDR]);
        assert!(cidr_errors("0.0.0.0/0", true).is_empty());
        let c = Cidr::parse("10.96.0.0/12").unwrap();
        assert!(c.contains("10.96.0.10".parse().unwrap()));
        assert!(!c.contains("10.10.0.1".parse().unwrap()));
    }
}
