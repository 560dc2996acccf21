#!/bin/sh
# Regenerates the user-provided certificate fixtures with OpenSSL 3 (valid for 100 years).
set -eu
cd "$(dirname "$0")"
days=36500
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/ca.key" -out user-ca.crt -days "$days" \
  -subj "/CN=user-ca" -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign"

printf 'subjectAltName=DNS:webhook.example\nextendedKeyUsage=serverAuth\n' > "$work/ext"

openssl genrsa -traditional -out rsa-pkcs1.key 2048
openssl req -new -key rsa-pkcs1.key -subj "/CN=webhook.example" -out "$work/rsa.csr"
openssl x509 -req -in "$work/rsa.csr" -CA user-ca.crt -CAkey "$work/ca.key" -CAcreateserial -days "$days" \
  -extfile "$work/ext" -out rsa-serving.crt

openssl ecparam -name prime256v1 -genkey -out ec-sec1-with-parameters.key
openssl req -new -key ec-sec1-with-parameters.key -subj "/CN=webhook.example" -out "$work/ec.csr"
openssl x509 -req -in "$work/ec.csr" -CA user-ca.crt -CAkey "$work/ca.key" -CAcreateserial -days "$days" \
  -extfile "$work/ext" -out ec-serving.crt

openssl pkcs8 -topk8 -in rsa-pkcs1.key -passout pass:secret -out rsa-encrypted.key
rm -f user-ca.srl
