//! Sprig's `getHostByName`, as Helm gates it.
//!
//! Helm replaces the function with one returning the empty string unless DNS lookups are
//! enabled (`--enable-dns`), so the default table entry never touches the network. With DNS
//! enabled the engine registers [`GET_HOST_BY_NAME_WITH_DNS`] instead, which resolves the name
//! and returns one of its addresses at random; a name that does not resolve fails like Sprig's
//! unchecked `rand.Intn(0)` (`invalid argument to Intn`).

use crate::funcs::convert::string_arg;
use crate::value::{FuncError, Function, GoType, Signature, Value};
use rand::Rng;
use std::net::ToSocketAddrs;

const ONE_STRING: Signature = Signature {
    params: &[GoType::String],
    variadic: None,
};

/// The default entry: DNS disabled, always the empty string.
pub const FUNCTIONS: &[Function] = &[Function {
    name: "getHostByName",
    signature: ONE_STRING,
    call: get_host_by_name_disabled,
}];

/// The entry to register instead when the user enables DNS lookups.
pub const GET_HOST_BY_NAME_WITH_DNS: Function = Function {
    name: "getHostByName",
    signature: ONE_STRING,
    call: get_host_by_name,
};

fn get_host_by_name_disabled(args: &[Value]) -> Result<Value, FuncError> {
    string_arg(args, 0)?;
    Ok(Value::from(""))
}

/// Resolves `name` and picks one address at random.
fn get_host_by_name(args: &[Value]) -> Result<Value, FuncError> {
    let name = string_arg(args, 0)?;
    let addresses: Vec<String> = (name, 0)
        .to_socket_addrs()
        .map(|found| found.map(|address| address.ip().to_string()).collect())
        .unwrap_or_default();
    if addresses.is_empty() {
        return Err(FuncError::new("invalid argument to Intn"));
    }
    let pick = rand::thread_rng().gen_range(0..addresses.len());
    Ok(Value::from(addresses[pick].clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disabled_lookup_is_empty_without_network() {
        assert_eq!(
            get_host_by_name_disabled(&[Value::from("helm.sh")]),
            Ok(Value::from(""))
        );
        assert!(get_host_by_name_disabled(&[Value::Int(1)]).is_err());
    }

    #[test]
    fn enabled_lookup_resolves_literal_addresses_locally() {
        // An IP literal resolves without any DNS traffic.
        assert_eq!(
            get_host_by_name(&[Value::from("127.0.0.1")]),
            Ok(Value::from("127.0.0.1"))
        );
        assert!(get_host_by_name(&[]).is_err());
    }
}
