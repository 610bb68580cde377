//! Sprig's certificate functions: `genPrivateKey`, `genCA`, `genCAWithKey`,
//! `genSelfSignedCert`, `genSelfSignedCertWithKey`, `genSignedCert`, `genSignedCertWithKey`,
//! `buildCustomCert`.
//!
//! Each returns Sprig's `certificate` struct (fields `Cert` and `Key`, PEM text) as a
//! [`CertificateObject`]. Certificates follow Go's `x509.CreateCertificate` for Sprig's
//! template: v3, random 128-bit serial, the common name as subject, validity from now for
//! the given days, key usage (plus certificate signing for CAs), server and client
//! authentication, basic constraints, subject key id for CAs, authority key id from the
//! issuing CA, and the IP and DNS alternative names. Fresh keys are RSA 2048 bits.

use super::der;
use super::keys::PrivateKey;
use crate::funcs::convert::{any_arg, int_arg, string_arg};
use crate::funcs::encoding::codecs::base64_decode;
use crate::funcs::time::gotime::GoTime;
use crate::value::{FuncError, Function, GoType, Map, Object, Signature, Value};
use rand::RngCore;
use std::net::IpAddr;
use std::sync::Arc;
use x509_cert::der::{Decode, Encode};

const fn signature(params: &'static [GoType]) -> Signature {
    Signature {
        params,
        variadic: None,
    }
}

const NAME_IPS_DNS_DAYS: [GoType; 4] = [GoType::String, GoType::List, GoType::List, GoType::Int];

pub const FUNCTIONS: &[Function] = &[
    Function {
        name: "genPrivateKey",
        signature: signature(&[GoType::String]),
        call: gen_private_key,
    },
    Function {
        name: "genCA",
        signature: signature(&[GoType::String, GoType::Int]),
        call: gen_ca,
    },
    Function {
        name: "genCAWithKey",
        signature: signature(&[GoType::String, GoType::Int, GoType::String]),
        call: gen_ca_with_key,
    },
    Function {
        name: "genSelfSignedCert",
        signature: signature(&NAME_IPS_DNS_DAYS),
        call: gen_self_signed_cert,
    },
    Function {
        name: "genSelfSignedCertWithKey",
        signature: signature(&[
            GoType::String,
            GoType::List,
            GoType::List,
            GoType::Int,
            GoType::String,
        ]),
        call: gen_self_signed_cert_with_key,
    },
    Function {
        name: "genSignedCert",
        // The fifth parameter is Sprig's `certificate` struct.
        signature: signature(&[
            GoType::String,
            GoType::List,
            GoType::List,
            GoType::Int,
            GoType::Any,
        ]),
        call: gen_signed_cert,
    },
    Function {
        name: "genSignedCertWithKey",
        signature: signature(&[
            GoType::String,
            GoType::List,
            GoType::List,
            GoType::Int,
            GoType::Any,
            GoType::String,
        ]),
        call: gen_signed_cert_with_key,
    },
    Function {
        name: "buildCustomCert",
        signature: signature(&[GoType::String, GoType::String]),
        call: build_custom_cert,
    },
];

/// Sprig's `certificate` struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateObject {
    pub cert: String,
    pub key: String,
}

impl CertificateObject {
    fn value(cert: String, key: String) -> Value {
        Value::Object(Arc::new(CertificateObject { cert, key }))
    }
}

impl Object for CertificateObject {
    fn type_name(&self) -> String {
        "sprig.certificate".into()
    }

    fn kind_name(&self) -> &'static str {
        "struct"
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Cert" => Some(Value::from(self.cert.clone())),
            "Key" => Some(Value::from(self.key.clone())),
            _ => None,
        }
    }

    fn call_method(&self, _name: &str, _args: &[Value]) -> Option<Result<Value, FuncError>> {
        None
    }

    fn has_method(&self, _name: &str) -> bool {
        false
    }

    /// Go's `%v` of a struct: `{FIELD FIELD}`.
    fn format_value(&self) -> String {
        format!("{{{} {}}}", self.cert, self.key)
    }

    fn to_json_value(&self) -> Value {
        let map = Map::new();
        map.insert("Cert", Value::from(self.cert.clone()));
        map.insert("Key", Value::from(self.key.clone()));
        Value::Map(map)
    }
}

/// A `[]interface{}` parameter; Go passes nil as an empty slice.
fn list_argument(args: &[Value], index: usize) -> Result<Vec<Value>, FuncError> {
    match any_arg(args, index)? {
        Value::List(items) => Ok(items.to_vec()),
        Value::Nil => Ok(Vec::new()),
        other => Err(crate::funcs::convert::wrong_type("[]interface {}", other)),
    }
}

fn certificate_argument(args: &[Value], index: usize) -> Result<CertificateObject, FuncError> {
    let value = any_arg(args, index)?;
    if let Value::Object(object) = value {
        let any: &dyn std::any::Any = object.as_ref();
        if let Some(certificate) = any.downcast_ref::<CertificateObject>() {
            return Ok(certificate.clone());
        }
    }
    Err(FuncError::new(format!(
        "wrong type for value; expected sprig.certificate; got {}",
        value.type_name()
    )))
}

/// What the new certificate should say.
struct Request {
    common_name: String,
    ip_addresses: Vec<Vec<u8>>,
    dns_names: Vec<String>,
    days_valid: i64,
    is_ca: bool,
}

/// The issuing CA: its subject, subject key id and key (absent for self-signed certificates).
struct Issuer {
    subject: Vec<u8>,
    subject_key_id: Option<Vec<u8>>,
    public_key_info: Vec<u8>,
    key: PrivateKey,
}

/// Sprig's `getNetIPs`: each entry a string holding an IP (IPv4 written as 4 bytes).
fn ip_addresses(items: &[Value]) -> Result<Vec<Vec<u8>>, String> {
    items
        .iter()
        .map(|item| {
            let Value::String(text) = item else {
                return Err(format!(
                    "error parsing ip: {} is not a string",
                    crate::value::fmt::format_v(item)
                ));
            };
            match text.parse::<IpAddr>() {
                Ok(IpAddr::V4(ip)) => Ok(ip.octets().to_vec()),
                Ok(IpAddr::V6(ip)) => Ok(match ip.to_ipv4_mapped() {
                    Some(v4) => v4.octets().to_vec(),
                    None => ip.octets().to_vec(),
                }),
                Err(_) => Err(format!("error parsing ip: {text}")),
            }
        })
        .collect()
}

/// Sprig's `getAlternateDNSStrs`.
fn dns_names(items: &[Value]) -> Result<Vec<String>, String> {
    items
        .iter()
        .map(|item| match item {
            Value::String(text) => Ok(text.to_string()),
            other => Err(format!(
                "error processing alternate dns name: {} is not a string",
                crate::value::fmt::format_v(other)
            )),
        })
        .collect()
}

fn name_der(common_name: &str) -> Vec<u8> {
    if common_name.is_empty() {
        return der::sequence(&[]);
    }
    let attribute = der::sequence(&[der::oid(&[2, 5, 4, 3]), der::directory_string(common_name)]);
    der::sequence(&[der::set(&[attribute])])
}

fn time_der(time: &GoTime) -> Vec<u8> {
    let civil = time
        .in_location(crate::funcs::time::gotime::Location::utc())
        .civil();
    der::time(
        civil.year,
        civil.month,
        civil.day,
        civil.hour,
        civil.minute,
        civil.second,
    )
}

fn extension(oid: &[u64], critical: bool, value: Vec<u8>) -> Vec<u8> {
    let mut parts = vec![der::oid(oid)];
    if critical {
        parts.push(der::boolean(true));
    }
    parts.push(der::octet_string(&value));
    der::sequence(&parts)
}

/// Go's `x509.CreateCertificate` for Sprig's template; returns the PEM certificate.
fn create_certificate(
    request: &Request,
    subject_key: &PrivateKey,
    issuer: Option<&Issuer>,
) -> Result<String, String> {
    let signer = issuer.map(|i| &i.key).unwrap_or(subject_key);
    let algorithm = signer.signature_algorithm()?;
    let public_key_info = subject_key.public_key_info()?;
    if let Some(issuer) = issuer {
        if issuer.key.public_key_info()? != issuer.public_key_info {
            return Err("x509: provided PrivateKey doesn't match parent's PublicKey".into());
        }
    }
    let subject = name_der(&request.common_name);
    let issuer_name = issuer
        .map(|i| i.subject.clone())
        .unwrap_or_else(|| subject.clone());
    let mut serial = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut serial);
    let not_before = GoTime::now();
    let not_after =
        not_before.add_nanoseconds(request.days_valid.saturating_mul(86_400_000_000_000));

    let mut extensions = Vec::new();
    let key_usage: &[usize] = if request.is_ca { &[0, 2, 5] } else { &[0, 2] };
    extensions.push(extension(&[2, 5, 29, 15], true, der::named_bits(key_usage)));
    let server_auth = der::oid(&[1, 3, 6, 1, 5, 5, 7, 3, 1]);
    let client_auth = der::oid(&[1, 3, 6, 1, 5, 5, 7, 3, 2]);
    extensions.push(extension(
        &[2, 5, 29, 37],
        false,
        der::sequence(&[server_auth, client_auth]),
    ));
    let basic = if request.is_ca {
        der::sequence(&[der::boolean(true)])
    } else {
        der::sequence(&[])
    };
    extensions.push(extension(&[2, 5, 29, 19], true, basic));
    if request.is_ca {
        // Go 1.25 derives a missing subject key id from SHA-256 of the key, cut to 160 bits.
        use sha2::Digest;
        let key_bits = der::read_sequence(&public_key_info)
            .and_then(|items| {
                items
                    .get(1)
                    .map(|(_, bits)| bits.get(1..).unwrap_or_default().to_vec())
            })
            .unwrap_or_default();
        let digest = sha2::Sha256::digest(&key_bits);
        extensions.push(extension(
            &[2, 5, 29, 14],
            false,
            der::octet_string(&digest[..20]),
        ));
    }
    if let Some(key_id) = issuer
        .filter(|i| i.subject != subject)
        .and_then(|i| i.subject_key_id.as_ref())
    {
        let value = der::sequence(&[der::context(0, false, key_id)]);
        extensions.push(extension(&[2, 5, 29, 35], false, value));
    }
    if !request.dns_names.is_empty() || !request.ip_addresses.is_empty() {
        let mut names: Vec<Vec<u8>> = request
            .dns_names
            .iter()
            .map(|n| der::context(2, false, n.as_bytes()))
            .collect();
        names.extend(
            request
                .ip_addresses
                .iter()
                .map(|ip| der::context(7, false, ip)),
        );
        extensions.push(extension(
            &[2, 5, 29, 17],
            request.common_name.is_empty(),
            der::sequence(&names),
        ));
    }

    let to_be_signed = der::sequence(&[
        der::context(0, true, &der::small_integer(2)),
        der::unsigned_integer(&serial),
        algorithm.clone(),
        issuer_name,
        der::sequence(&[time_der(&not_before), time_der(&not_after)]),
        subject,
        public_key_info,
        der::context(3, true, &der::sequence(&extensions)),
    ]);
    let signature = signer.sign(&to_be_signed)?;
    let certificate = der::sequence(&[to_be_signed, algorithm, der::bit_string(&signature)]);
    Ok(der::pem_encode("CERTIFICATE", &certificate))
}

/// The certificate and key PEM of a new certificate, or Sprig's error text.
fn certificate_value(
    request: &Request,
    key: PrivateKey,
    issuer: Option<&Issuer>,
) -> Result<Value, FuncError> {
    let cert = create_certificate(request, &key, issuer)
        .map_err(|error| FuncError::new(format!("error creating certificate: {error}")))?;
    let key_pem = key
        .to_pem()
        .map_err(|error| FuncError::new(format!("error pem-encoding key: {error}")))?;
    Ok(CertificateObject::value(cert, key_pem))
}

fn fresh_rsa_key() -> Result<PrivateKey, FuncError> {
    PrivateKey::generate_rsa(2048)
        .map_err(|error| FuncError::new(format!("error generating rsa key: {error}")))
}

fn parse_key_argument(args: &[Value], index: usize) -> Result<PrivateKey, FuncError> {
    PrivateKey::from_pem(string_arg(args, index)?)
        .map_err(|error| FuncError::new(format!("parsing private key: {error}")))
}

fn request_from(args: &[Value], is_ca: bool) -> Result<Request, FuncError> {
    let (ip_addresses, dns_names, days_valid) = if is_ca {
        (Vec::new(), Vec::new(), int_arg(args, 1)?)
    } else {
        let ips = ip_addresses(&list_argument(args, 1)?).map_err(FuncError::new)?;
        let names = dns_names(&list_argument(args, 2)?).map_err(FuncError::new)?;
        (ips, names, int_arg(args, 3)?)
    };
    Ok(Request {
        common_name: string_arg(args, 0)?.to_string(),
        ip_addresses,
        dns_names,
        days_valid,
        is_ca,
    })
}

fn gen_private_key(args: &[Value]) -> Result<Value, FuncError> {
    let text = match PrivateKey::generate(string_arg(args, 0)?) {
        Ok(key) => key
            .to_pem()
            .unwrap_or_else(|error| format!("failed to generate private key: {error}")),
        Err(message) => message,
    };
    Ok(Value::from(text))
}

fn gen_ca(args: &[Value]) -> Result<Value, FuncError> {
    let request = request_from(args, true)?;
    certificate_value(&request, fresh_rsa_key()?, None)
}

fn gen_ca_with_key(args: &[Value]) -> Result<Value, FuncError> {
    let request = request_from(args, true)?;
    certificate_value(&request, parse_key_argument(args, 2)?, None)
}

fn gen_self_signed_cert(args: &[Value]) -> Result<Value, FuncError> {
    let request = request_from(args, false)?;
    certificate_value(&request, fresh_rsa_key()?, None)
}

fn gen_self_signed_cert_with_key(args: &[Value]) -> Result<Value, FuncError> {
    let request = request_from(args, false)?;
    certificate_value(&request, parse_key_argument(args, 4)?, None)
}

/// Reads a CA certificate back: subject, subject key id and public key.
fn issuer_from(ca: &CertificateObject) -> Result<Issuer, FuncError> {
    let (_, cert_der) =
        der::pem_decode(&ca.cert).ok_or_else(|| FuncError::new("unable to decode certificate"))?;
    let parsed = x509_cert::Certificate::from_der(&cert_der).map_err(|_| {
        FuncError::new(
            "error parsing certificate: decodedSignerCert.Bytes: x509: malformed certificate",
        )
    })?;
    let key = PrivateKey::from_pem(&ca.key)
        .map_err(|error| FuncError::new(format!("error parsing private key: {error}")))?;
    let tbs = &parsed.tbs_certificate;
    let encoding_error =
        |_| FuncError::new("error parsing certificate: x509: malformed certificate");
    let subject = tbs.subject.to_der().map_err(encoding_error)?;
    let public_key_info = tbs
        .subject_public_key_info
        .to_der()
        .map_err(encoding_error)?;
    let subject_key_id = tbs.extensions.iter().flatten().find_map(|ext| {
        if ext.extn_id.to_string() != "2.5.29.14" {
            return None;
        }
        let (tag, content, _) = der::read_element(ext.extn_value.as_bytes())?;
        (tag == der::TAG_OCTET_STRING).then(|| content.to_vec())
    });
    Ok(Issuer {
        subject,
        subject_key_id,
        public_key_info,
        key,
    })
}

fn gen_signed_cert(args: &[Value]) -> Result<Value, FuncError> {
    let request = request_from(args, false)?;
    let issuer = issuer_from(&certificate_argument(args, 4)?)?;
    certificate_value(&request, fresh_rsa_key()?, Some(&issuer))
}

fn gen_signed_cert_with_key(args: &[Value]) -> Result<Value, FuncError> {
    let request = request_from(args, false)?;
    let issuer = issuer_from(&certificate_argument(args, 4)?)?;
    certificate_value(&request, parse_key_argument(args, 5)?, Some(&issuer))
}

/// `buildCustomCert B64CERT B64KEY`: checks that both decode and parse, keeps the texts.
fn build_custom_cert(args: &[Value]) -> Result<Value, FuncError> {
    let cert = base64_decode(string_arg(args, 0)?)
        .map_err(|_| FuncError::new("unable to decode base64 certificate"))?;
    let key = base64_decode(string_arg(args, 1)?)
        .map_err(|_| FuncError::new("unable to decode base64 private key"))?;
    let cert_text = crate::value::string::lossy_text(&cert);
    let key_text = crate::value::string::lossy_text(&key);
    let (_, cert_der) = der::pem_decode(&cert_text)
        .ok_or_else(|| FuncError::new("unable to decode certificate"))?;
    x509_cert::Certificate::from_der(&cert_der).map_err(|_| {
        FuncError::new("error parsing certificate: decodedCert.Bytes: x509: malformed certificate")
    })?;
    PrivateKey::from_pem(&key_text)
        .map_err(|error| FuncError::new(format!("error parsing private key: {error}")))?;
    Ok(CertificateObject::value(cert_text, key_text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::encoding::codecs::base64_encode;

    fn certificate(value: &Value) -> CertificateObject {
        let Value::Object(object) = value else {
            panic!("{value:?}")
        };
        let any: &dyn std::any::Any = object.as_ref();
        any.downcast_ref::<CertificateObject>().unwrap().clone()
    }

    fn parse(pem: &str) -> x509_cert::Certificate {
        let (label, bytes) = der::pem_decode(pem).unwrap();
        assert_eq!(label, "CERTIFICATE");
        x509_cert::Certificate::from_der(&bytes).unwrap()
    }

    fn strings(items: &[&str]) -> Value {
        Value::list(items.iter().map(|s| Value::from(*s)).collect())
    }

    #[test]
    fn ca_and_signed_certificates_parse_and_chain() {
        let ca_value = gen_ca(&[Value::from("my-ca"), Value::Int(365)]).unwrap();
        assert_eq!(ca_value.type_name(), "sprig.certificate");
        let ca = certificate(&ca_value);
        assert!(ca.cert.starts_with("-----BEGIN CERTIFICATE-----\n"));
        assert!(ca.key.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
        let parsed_ca = parse(&ca.cert);
        assert_eq!(parsed_ca.tbs_certificate.subject.to_string(), "CN=my-ca");
        let signed_value = gen_signed_cert(&[
            Value::from("svc"),
            strings(&["10.0.0.1"]),
            strings(&["svc.ns", "svc"]),
            Value::Int(30),
            ca_value,
        ])
        .unwrap();
        let signed = parse(&certificate(&signed_value).cert);
        assert_eq!(
            signed.tbs_certificate.issuer,
            parsed_ca.tbs_certificate.subject
        );
        let extension_ids: Vec<String> = signed
            .tbs_certificate
            .extensions
            .iter()
            .flatten()
            .map(|e| e.extn_id.to_string())
            .collect();
        assert!(extension_ids.contains(&"2.5.29.35".to_string()));
        assert!(extension_ids.contains(&"2.5.29.17".to_string()));
        use rsa::pkcs1v15::VerifyingKey;
        use rsa::signature::Verifier;
        let PrivateKey::Rsa(ca_key) = PrivateKey::from_pem(&ca.key).unwrap() else {
            unreachable!()
        };
        let verifier = VerifyingKey::<sha2::Sha256>::new(ca_key.to_public_key());
        let message = signed.tbs_certificate.to_der().unwrap();
        let signature = rsa::pkcs1v15::Signature::try_from(signed.signature.raw_bytes()).unwrap();
        assert!(verifier.verify(&message, &signature).is_ok());
    }

    #[test]
    fn certificates_with_given_keys_keep_them() {
        let key =
            crate::value::Value::from(PrivateKey::generate("ecdsa").unwrap().to_pem().unwrap());
        let ca = certificate(
            &gen_ca_with_key(&[Value::from("ca2"), Value::Int(10), key.clone()]).unwrap(),
        );
        assert_eq!(Value::from(ca.key.clone()), key);
        parse(&ca.cert);
        let own = gen_self_signed_cert_with_key(&[
            Value::from("self"),
            Value::Nil,
            Value::Nil,
            Value::Int(1),
            key,
        ])
        .unwrap();
        parse(&certificate(&own).cert);
        let built = build_custom_cert(&[
            Value::from(base64_encode(ca.cert.as_bytes())),
            Value::from(base64_encode(ca.key.as_bytes())),
        ]);
        assert_eq!(certificate(&built.unwrap()), ca);
    }

    #[test]
    fn private_keys_of_every_kind() {
        let key = |kind: &str| {
            gen_private_key(&[Value::from(kind)])
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        };
        assert!(key("ecdsa").starts_with("-----BEGIN EC PRIVATE KEY-----"));
        assert!(key("ed25519").starts_with("-----BEGIN PRIVATE KEY-----"));
        assert!(key("rsa").starts_with("-----BEGIN RSA PRIVATE KEY-----"));
        let dsa = key("dsa");
        assert!(dsa.starts_with("-----BEGIN DSA PRIVATE KEY-----"));
        assert_eq!(key("nope"), "Unknown type nope");
        let error =
            gen_ca_with_key(&[Value::from("x"), Value::Int(1), Value::from(dsa)]).unwrap_err();
        assert_eq!(error.0, "error creating certificate: x509: certificate private key does not implement crypto.Signer");
    }

    #[test]
    fn argument_errors_use_sprig_wording() {
        let self_signed = |ips: Value, names: Value| {
            gen_self_signed_cert(&[Value::from("x"), ips, names, Value::Int(1)])
                .unwrap_err()
                .0
        };
        assert_eq!(
            self_signed(strings(&["nope"]), Value::Nil),
            "error parsing ip: nope"
        );
        assert_eq!(
            self_signed(Value::list(vec![Value::Int(1)]), Value::Nil),
            "error parsing ip: 1 is not a string"
        );
        assert_eq!(
            self_signed(Value::Nil, Value::list(vec![Value::Int(2)])),
            "error processing alternate dns name: 2 is not a string"
        );
        let wrong_ca = gen_signed_cert(&[
            Value::from("x"),
            Value::Nil,
            Value::Nil,
            Value::Int(1),
            Value::from("ca"),
        ]);
        assert_eq!(
            wrong_ca.unwrap_err().0,
            "wrong type for value; expected sprig.certificate; got string"
        );
        assert_eq!(
            build_custom_cert(&[Value::from("!"), Value::from("")])
                .unwrap_err()
                .0,
            "unable to decode base64 certificate"
        );
        assert_eq!(
            gen_ca_with_key(&[Value::from("x"), Value::Int(1), Value::from("junk")])
                .unwrap_err()
                .0,
            "parsing private key: no PEM data in input"
        );
    }
}
